using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;
using KrgLogs.Shared.Syslog;

namespace KrgLogs.Fuzz;

/// <summary>
/// One entry per decoder. Each takes one fuzzer input; any exception escaping is a crash for afl-fuzz, and so is a
/// broken invariant (a line with a newline in it, a limit overrun, a state that does not resume).
/// </summary>
public static class FuzzTargets
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    // Small limits so short inputs reach the cut, the overflow and the eviction paths. Made on first use, not in a
    // static initialiser: instrumented code must not run before SharpFuzz has attached AFL's shared memory.
    private static NetconsoleOptions? _netconsole;
    private static SyslogOptions? _syslog;

    private static NetconsoleOptions Netconsole => _netconsole ??= new NetconsoleOptions
    {
        MaxDatagramBytes = 512,
        MaxLineBytes = 128,
        MaxRecordBytes = 1024,
        MaxMalformedBytes = 64,
        MaxPendingFragmentedRecords = 2,
        ReorderWindow = 8,
    };

    private static SyslogOptions Syslog => _syslog ??= new SyslogOptions { MaxFrameBytes = 200, MaxOctetCount = 1000 };

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new SortedDictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["netconsole"] = NetconsoleDatagrams,
        ["syslog"] = SyslogMessage,
        ["framing"] = SyslogTcpStream,
        ["nodestream"] = NodeStreamDatagrams,
        ["crash"] = CrashLines,
    };

    /// <summary>Datagrams (see <see cref="FuzzInput"/>) through the netconsole decoder: plain, &lt;N&gt; and extended.</summary>
    public static void NetconsoleDatagrams(byte[] input)
    {
        var decoder = new NetconsoleDecoder(Netconsole);
        var lines = new List<LogLine>();
        var now = T0;
        var i = 0;
        foreach (var (control, payload) in FuzzInput.Datagrams(input))
        {
            now = now.AddMilliseconds(control * 7);
            decoder.Accept(payload.Span, now, lines);
            if (++i % 3 == 0)
            {
                decoder.Tick(now, lines);
                decoder = new NetconsoleDecoder(Netconsole, NetconsoleState.FromBytes(decoder.State.ToBytes()));
            }
        }

        decoder.Flush(now.AddSeconds(10), lines);
        Check(decoder.State.PendingCount == 0, "pending state after flush");
        CheckLines(lines, Netconsole.MaxRecordBytes * 4);
    }

    /// <summary>The whole input as one syslog datagram (RFC 3164 or 5424, possibly several messages in one).</summary>
    public static void SyslogMessage(byte[] input)
    {
        var parser = new SyslogParser(Syslog);
        var lines = new List<LogLine>();
        SyslogParser.LooksLikeSyslog(input);
        parser.ParseMessages(input, T0, lines);
        CheckLines(lines, input.Length * 4 + 64);
    }

    /// <summary>The input as a TCP byte stream (cut at its first byte's value), framed and each frame parsed.</summary>
    public static void SyslogTcpStream(byte[] input)
    {
        var framing = new SyslogFraming(Syslog);
        var parser = new SyslogParser(Syslog);
        var lines = new List<LogLine>();
        var cut = input.Length == 0 ? 0 : input[0] % (input.Length + 1);
        var frames = 0;
        void OnFrame(List<LogLine> output, ReadOnlySpan<byte> frame, LineFlags flags)
        {
            frames++;
            Check(frame.Length <= Syslog.MaxFrameBytes, "frame over the limit");
            parser.ParseMessages(frame, T0, output, flags);
        }

        framing.Append(input.AsSpan(0, cut), lines, OnFrame);
        Check(framing.PendingBytes <= Syslog.MaxFrameBytes, "framer holds more than a frame");
        framing.Append(input.AsSpan(cut), lines, OnFrame);
        Check(framing.PendingBytes <= Syslog.MaxFrameBytes, "framer holds more than a frame");
        framing.Flush(lines, OnFrame);
        Check(framing.FrameCount == frames, "frame count");
        CheckLines(lines, input.Length * 4 + 64);
    }

    /// <summary>Datagrams and TCP frames of every kind through one node's stream, as the entity feeds it.</summary>
    public static void NodeStreamDatagrams(byte[] input)
    {
        var options = new NodeStreamOptions { Netconsole = Netconsole, Syslog = Syslog };
        var stream = new NodeStream(options);
        var lines = new List<LogLine>();
        var now = T0;
        var i = 0;
        foreach (var (control, payload) in FuzzInput.Datagrams(input))
        {
            now = now.AddMilliseconds((control >> 2) * 11);
            stream.Accept(payload.Span, now, (DatagramTransport)(control % 3), lines);
            if (++i % 4 == 0)
            {
                stream.Tick(now, lines);
                using var memory = new MemoryStream();
                using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    stream.State.WriteTo(writer);
                }

                memory.Position = 0;
                using var reader = new BinaryReader(memory);
                stream = new NodeStream(options, NodeStreamState.ReadFrom(reader));
            }
        }

        stream.Tick(now.AddSeconds(10), lines);
        _ = stream.Counters();
        CheckLines(lines, Netconsole.MaxRecordBytes * 4 + input.Length * 4);
    }

    /// <summary>The input as console text, one kernel line per LF, through the crash detector (with a restart).</summary>
    public static void CrashLines(byte[] input)
    {
        var options = CrashDetectorOptions.Default;
        var detector = new CrashDetector(options);
        var closed = new List<CrashReport>();
        var opened = new List<CrashOpened>();
        var text = System.Text.Encoding.UTF8.GetString(input);
        var now = T0;
        var boot = 0;
        var n = 0;
        foreach (var raw in text.Split('\n'))
        {
            now = now.AddMilliseconds(raw.Length % 5 * 300);
            if (raw.StartsWith('\u0001'))
            {
                boot++; // a control byte in the input stands for a reboot seen by the decoder
            }

            detector.Feed(new LogLine(raw, now, Boot: boot), closed, opened);
            if (++n % 16 == 0)
            {
                detector.Tick(now, closed);
                using var memory = new MemoryStream();
                using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    detector.State.WriteTo(writer);
                }

                memory.Position = 0;
                using var reader = new BinaryReader(memory);
                detector = new CrashDetector(options, CrashDetectorState.ReadFrom(reader));
            }
        }

        detector.Flush(closed);
        Check(detector.OpenReports == 0, "open report after flush");
        foreach (var report in closed)
        {
            Check(!string.IsNullOrEmpty(report.Title), "report without a title");
        }
    }

    private static void CheckLines(List<LogLine> lines, int maxChars)
    {
        foreach (var line in lines)
        {
            Check(line.Text is not null, "null text");
            Check(!line.Text!.Contains('\n', StringComparison.Ordinal), "newline inside a line");
            Check(line.Text.Length <= maxChars, $"line of {line.Text.Length} chars");
        }
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(what);
        }
    }
}
