using System.Globalization;
using System.Runtime.CompilerServices;
using CsCheck;
using KrgLogs.Shared.Ingest;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Ingest;

public sealed class KernelLineDeduplicatorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    private static LogLine Kernel(string text, long time) => new(text, At, LogStream.Kernel, KernelTimeUs: time);

    [Fact]
    public void A_console_line_and_its_syslog_twin_without_the_prefix_are_one()
    {
        var twins = new KernelLineDeduplicator();
        Assert.True(twins.Keep(Kernel("[   12.345678] [T12] eth0: link up", 12_345_678), fromSyslog: false));
        Assert.False(twins.Keep(Kernel("eth0: link up", 12_345_678), fromSyslog: true));
        Assert.Equal(1, twins.Dropped);

        // A third copy is a real repeat, kept.
        Assert.True(twins.Keep(Kernel("eth0: link up", 12_345_678), fromSyslog: true));
    }

    [Fact]
    public void Same_path_repeats_different_times_and_different_texts_are_kept()
    {
        var twins = new KernelLineDeduplicator();
        Assert.True(twins.Keep(Kernel("[ 1.000000] a", 1_000_000), fromSyslog: false));
        Assert.True(twins.Keep(Kernel("[ 1.000000] a", 1_000_000), fromSyslog: false));
        Assert.True(twins.Keep(Kernel("a", 1_000_001), fromSyslog: true));
        Assert.True(twins.Keep(Kernel("b", 1_000_000), fromSyslog: true));
        Assert.True(twins.Keep(new LogLine("a", At, LogStream.Syslog, KernelTimeUs: 1_000_000), fromSyslog: true));
        Assert.Equal(0, twins.Dropped);
    }

    [Fact]
    public void Only_a_bounded_window_is_remembered()
    {
        var twins = new KernelLineDeduplicator(capacity: 2);
        twins.Keep(Kernel("a", 1), fromSyslog: false);
        twins.Keep(Kernel("b", 2), fromSyslog: false);
        twins.Keep(Kernel("c", 3), fromSyslog: false);
        Assert.True(twins.Keep(Kernel("a", 1), fromSyslog: true)); // forgotten
        Assert.False(twins.Keep(Kernel("c", 3), fromSyslog: true));
    }

    /// <summary>The window remembers lines by hash: a busy node's text is not held for the whole window.</summary>
    [Fact]
    public void The_window_does_not_keep_the_lines_alive()
    {
        var twins = new KernelLineDeduplicator();
        var texts = Remember(twins, 100);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(0, texts.Count(text => text.IsAlive));

        // Forgotten as objects, still remembered as lines.
        Assert.False(twins.Keep(Kernel("line 7 of the window", 7), fromSyslog: true));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] Remember(KernelLineDeduplicator twins, int count)
    {
        var texts = new WeakReference[count];
        for (var i = 0; i < count; i++)
        {
            var text = string.Concat("[   0.000007] line ", i.ToString(CultureInfo.InvariantCulture), " of the window");
            Assert.True(twins.Keep(Kernel(text, i), fromSyslog: false));
            texts[i] = new WeakReference(text);
        }

        return texts;
    }

    [Fact]
    public void Prefixes_are_cut_as_before()
    {
        Assert.Equal("text", KernelLineDeduplicator.WithoutPrefixes("[   12.345678] [T12] text"));
        Assert.Equal("[not a short prefix because it is far too long] x", KernelLineDeduplicator.WithoutPrefixes("[not a short prefix because it is far too long] x"));
        Assert.Equal("[unclosed", KernelLineDeduplicator.WithoutPrefixes("[unclosed"));
        Assert.Equal(string.Empty, KernelLineDeduplicator.WithoutPrefixes("[1]"));
    }

    /// <summary>The span-keyed window decides exactly as a plain (time, substring) dictionary does.</summary>
    [Fact]
    public void Decides_like_the_substring_model()
    {
        string[] texts = ["a", "b", "[ 1.0] a", "[ 1.0] b", "[T1] a", "[ 1.0] [C2] b", "[x", ""];
        var text = Gen.Int[0, texts.Length - 1].Select(i => texts[i]);
        var line = Gen.Select(text, Gen.Long[1, 3], Gen.Bool, Gen.Bool);
        Gen.Select(line.Array[0, 60], Gen.Int[1, 6]).Sample((lines, capacity) =>
        {
            var twins = new KernelLineDeduplicator(capacity);
            var model = new SubstringModel(capacity);
            foreach (var (t, time, fromSyslog, isKernel) in lines)
            {
                var l = new LogLine(t, At, isKernel ? LogStream.Kernel : LogStream.Syslog, KernelTimeUs: time);
                Assert.Equal(model.Keep(l, fromSyslog), twins.Keep(l, fromSyslog));
            }

            Assert.Equal(model.Dropped, twins.Dropped);
        });
    }

    /// <summary>The previous implementation, kept as the reference.</summary>
    private sealed class SubstringModel(int capacity)
    {
        private readonly Dictionary<(long, string), bool> _seen = [];
        private readonly Queue<(long, string)> _order = new();

        public long Dropped { get; private set; }

        public bool Keep(LogLine line, bool fromSyslog)
        {
            if (line.Stream != LogStream.Kernel || line.KernelTimeUs < 0)
            {
                return true;
            }

            var key = (line.KernelTimeUs, KernelLineDeduplicator.WithoutPrefixes(line.Text));
            if (_seen.TryGetValue(key, out var seenFromSyslog))
            {
                if (seenFromSyslog != fromSyslog)
                {
                    _seen.Remove(key);
                    Dropped++;
                    return false;
                }

                return true;
            }

            _seen[key] = fromSyslog;
            _order.Enqueue(key);
            if (_order.Count > capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
