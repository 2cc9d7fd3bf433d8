using BenchmarkDotNet.Running;

if (args.Length == 1 && args[0] == "cpu")
{
    KrgLogs.Benchmarks.CpuThroughput.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(KrgLogs.Benchmarks.NetconsoleDecoding).Assembly).Run(args);
