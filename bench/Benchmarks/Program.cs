using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(KrgLogs.Benchmarks.NetconsoleDecoding).Assembly).Run(args);
