using System.Text;
using System.Text.Json;

namespace KrgLogs.Fuzz;

/// <summary>
/// Seed inputs for each target, made at run time from the shared fixtures (captures, crash corpora) read in place,
/// plus a few syslog messages of each dialect. Small on purpose: afl-fuzz works best on inputs under a few KiB.
/// </summary>
public static class Seeds
{
    private const int DatagramsPerSeed = 12;
    private const int MaxSeedsPerTarget = 40;

    private static readonly string[] SyslogMessages =
    [
        "<13>Nov 27 03:01:02 vm app[42]: hello",
        "<4>Nov  7 03:01:02 vm kernel: [   12.345678] BUG: unable to handle page fault",
        "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed",
        "<13>1 2026-11-26T23:58:10.043005+00:00 vm app 6468 - [timeQuality tzKnown=\"1\"][x@1 a=\"b\\]c\\\"d\\\\e\"] hello2",
        "<13>1 - - app - - - hi",
        "<190>Dec 31 23:59:59 host tag: line one\nline two",
        "<0>1 2026-02-30T25:61:61Z h a p m - x",
    ];

    public static int Write(string target, string shared, string output)
    {
        Directory.CreateDirectory(output);
        var seeds = target switch
        {
            "netconsole" => CaptureSeeds(shared, syslog: false),
            "nodestream" => CaptureSeeds(shared, syslog: true),
            "syslog" => SyslogMessages.Select(Encoding.UTF8.GetBytes),
            "framing" => FramingSeeds(),
            "crash" => CrashSeeds(shared),
            _ => throw new ArgumentException("no such target: " + target),
        };
        var n = 0;
        foreach (var seed in seeds.Take(MaxSeedsPerTarget))
        {
            File.WriteAllBytes(Path.Combine(output, $"seed-{n++:D3}"), seed);
        }

        return n;
    }

    private static IEnumerable<byte[]> CaptureSeeds(string shared, bool syslog)
    {
        var captures = Path.Combine(shared, "captures");
        var files = Directory.GetFiles(captures, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var payloads = File.ReadLines(file).Select(Payload).ToList();

            // A few windows of consecutive datagrams from the start (boot), the middle and the end (the crash).
            foreach (var start in new[] { 0, payloads.Count / 2, Math.Max(0, payloads.Count - DatagramsPerSeed) })
            {
                using var seed = new MemoryStream();
                var control = (byte)0;
                foreach (var payload in payloads.Skip(start).Take(DatagramsPerSeed))
                {
                    FuzzInput.Write(seed, control++, payload);
                }

                yield return seed.ToArray();
            }
        }

        if (syslog)
        {
            using var seed = new MemoryStream();
            var control = (byte)0;
            foreach (var message in SyslogMessages)
            {
                FuzzInput.Write(seed, (byte)(control++ % 3), Encoding.UTF8.GetBytes(message));
            }

            yield return seed.ToArray();
        }
    }

    private static IEnumerable<byte[]> FramingSeeds()
    {
        var octets = new StringBuilder("\u0005");
        var newline = new StringBuilder("\u0007");
        foreach (var message in SyslogMessages)
        {
            octets.Append(Encoding.UTF8.GetByteCount(message)).Append(' ').Append(message);
            newline.Append(message).Append('\n');
        }

        yield return Encoding.UTF8.GetBytes(octets.ToString());
        yield return Encoding.UTF8.GetBytes(newline.ToString());
        yield return Encoding.UTF8.GetBytes("\u000399999999999 <13>x\n<13>Nov 27 03:01:02 vm app: resync");
    }

    private static IEnumerable<byte[]> CrashSeeds(string shared)
    {
        var corpora = Path.Combine(shared, "corpora", "crashes");
        var abrt = Directory.GetFiles(Path.Combine(corpora, "abrt"), "*.test").Order(StringComparer.Ordinal).Take(20);
        var syzkaller = Directory.GetFiles(Path.Combine(corpora, "syzkaller")).Order(StringComparer.Ordinal).Take(20);
        foreach (var file in abrt.Concat(syzkaller))
        {
            var bytes = File.ReadAllBytes(file);
            yield return bytes.AsSpan(0, Math.Min(bytes.Length, 4096)).ToArray();
        }
    }

    private static byte[] Payload(string jsonLine)
    {
        using var doc = JsonDocument.Parse(jsonLine);
        return Convert.FromBase64String(doc.RootElement.GetProperty("b64").GetString()!);
    }
}
