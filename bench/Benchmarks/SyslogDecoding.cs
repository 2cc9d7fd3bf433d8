using System.Text;
using BenchmarkDotNet.Attributes;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Benchmarks;

/// <summary>
/// RFC 3164 and RFC 5424 parsing: each operation parses <see cref="LineCount"/> ~120-byte messages from a few
/// hosts and programs, as rsyslog, syslog-ng and logger send them, with one parser (its string cache warm).
/// </summary>
[MemoryDiagnoser]
public class SyslogDecoding
{
    public const int LineCount = 10_000;

    private readonly List<LogLine> _output = new(LineCount + 16);
    private readonly DateTimeOffset _at = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
    private readonly SyslogParser _parser = new();
    private byte[][] _rfc3164 = [];
    private byte[][] _rfc5424 = [];

    [GlobalSetup]
    public void Setup()
    {
        string[] apps = ["sshd", "CRON", "systemd", "slurmd", "kernel"];
        _rfc3164 = new byte[LineCount][];
        _rfc5424 = new byte[LineCount][];
        for (var i = 0; i < LineCount; i++)
        {
            var host = $"node{i % 64:D3}";
            var app = apps[i % apps.Length];
            var text = app == "kernel"
                ? $"[ {1000 + i,8}.123456] e1000 0000:00:03.0 eth0: Reset adapter unexpectedly, queue {i % 8}"
                : $"session {i} opened for user root by (uid=0) from 10.1.{i % 250}.{i % 200} port {40000 + i}";
            _rfc3164[i] = Encoding.UTF8.GetBytes($"<{(app == "kernel" ? 4 : 30)}>Nov 27 00:{i % 60:D2}:{i % 60:D2} {host} {app}[{1000 + (i % 50)}]: {text}");
            _rfc5424[i] = Encoding.UTF8.GetBytes($"<30>1 2026-11-27T00:00:{i % 60:D2}.{i % 1000:D3}Z {host} {app} {1000 + (i % 50)} - - {text}");
        }
    }

    [Benchmark]
    public int Rfc3164() => Run(_rfc3164);

    [Benchmark]
    public int Rfc5424() => Run(_rfc5424);

    private int Run(byte[][] messages)
    {
        _output.Clear();
        foreach (var message in messages)
        {
            _output.Add(_parser.Parse(message, _at));
        }

        return _output.Count;
    }
}
