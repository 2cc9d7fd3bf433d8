using KrgLogs.LoadGen;

// loadgen send  --target 127.0.0.1:6666 --nodes 64 --total 1000000 --rate max ...   (see LoadOptions)
// loadgen check --db DATA/krglogs.db | --postgres CONNECTION --sent sent.json [--wait 30] [--out check.json]
if (args.Length == 0 || args[0] is not ("send" or "check"))
{
    Console.Error.WriteLine("usage: loadgen send [options] | loadgen check [options]   (see bench/README.md)");
    return 2;
}

try
{
    var options = CommandLine.Parse(args[1..]);
    return args[0] == "send" ? await SendCommand.RunAsync(options) : CheckCommand.Run(options);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"loadgen: {e.Message}");
    return 2;
}
