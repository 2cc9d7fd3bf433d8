using KrgLogs.Fuzz;
using SharpFuzz;

// krglogs fuzz harness. Under afl-fuzz: `KrgLogs.Fuzz TARGET` (one input on stdin per execution, SharpFuzz's
// forkserver protocol). Without it: `KrgLogs.Fuzz TARGET --replay DIR...` runs every file through the target once
// (how a corpus and its crashes are checked), `KrgLogs.Fuzz TARGET --seeds SHARED OUT` writes the seed inputs made
// from the shared fixtures.
if (args.Length < 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: KrgLogs.Fuzz {{{string.Join('|', FuzzTargets.All.Keys)}}} [--replay DIR... | --seeds SHARED OUT]");
    return 2;
}

if (args.Length >= 3 && args[1] == "--seeds")
{
    var written = Seeds.Write(args[0], args[2], args[3]);
    Console.WriteLine($"{args[0]}: {written} seeds");
    return 0;
}

if (args.Length >= 2 && args[1] == "--replay")
{
    var failed = 0;
    var files = args[2..].SelectMany(d => Directory.Exists(d) ? Directory.GetFiles(d) : [d]).Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("README.txt", StringComparison.Ordinal));
    var count = 0;
    foreach (var file in files)
    {
        count++;
        try
        {
            target(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"CRASH {file}: {e.GetType().Name}: {e.Message}");
        }
    }

    Console.WriteLine($"{args[0]}: {count} inputs replayed, {failed} crashed");
    return failed == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    target(memory.ToArray());
});
return 0;
