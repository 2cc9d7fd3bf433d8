using System.Buffers;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Turns one node's kernel console stream into crash reports. Pure: no I/O, no clock (time comes with the
/// lines and with <see cref="Tick"/>), all state in <see cref="State"/>. An ordinary line costs one vectorised
/// keyword scan and no allocation while no report is open.
/// </summary>
public sealed class CrashDetector
{
    // Every header, marker and banner the detector reacts to contains one of these; anything else is skipped
    // unless a report is open.
    private static readonly SearchValues<string> Keywords = SearchValues.Create(
    [
        "BUG", "WARNING:", "INFO:", "Unable to handle kernel", "general protection fault", "stack segment: ", "Kernel panic",
        "PANIC: double fault", "divide error:", "divide_error:", "SYZFAIL:", "VFS: Close: file count", "invalid opcode:", "UBSAN:", "unregister_netdevice: waiting for", "int3:",
        "Internal error:", "Unhandled fault:", "LOCKUP", "oom-killer", "Out of memory: Kill", "list_add corruption",
        "list_del corruption", "page allocation failure: order:", "Machine Check Exception", "Machine check events logged",
        "Oops", "illegal operation:", "invalid operand:", "#1]", "Linux version ", "cut here", "====================", "---[ end", "printk messages dropped",
    ], StringComparison.Ordinal);

    private const int RecentLines = 4;

    private readonly CrashDetectorOptions _options;
    private readonly CrashDetectorState _state;

    public CrashDetector(CrashDetectorOptions options, CrashDetectorState? resume = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLines, 2);
        _options = options;
        _state = resume?.Clone() ?? new CrashDetectorState();
    }

    /// <summary>A snapshot of all pending state (open reports included), to persist and resume from.</summary>
    public CrashDetectorState State => _state.Clone();

    /// <summary>Reports open right now.</summary>
    public int OpenReports => _state.Reports.Count;

    private List<PendingReport> Open => _state.Reports;

    /// <summary>Feeds one line of the node's kernel stream.</summary>
    /// <param name="line">The line.</param>
    /// <param name="closed">Receives the reports this line closed.</param>
    /// <param name="opened">Receives a signal for each report this line opened.</param>
    public void Feed(in LogLine line, List<CrashReport> closed, List<CrashOpened>? opened = null)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var index = _state.NextIndex++;
        var text = line.Text ?? string.Empty;
        if (_state.Boot != line.Boot)
        {
            if (_state.Boot.HasValue)
            {
                CloseAll(CrashCloseReason.Reboot, closed);
                _state.Recent.Clear();
            }

            _state.Boot = line.Boot;
        }

        if (line.Seq >= 0)
        {
            if (_state.LastSeq >= 0 && line.Seq > _state.LastSeq + 1)
            {
                foreach (var r in Open)
                {
                    r.Damaged = true;
                }
            }

            _state.LastSeq = line.Seq;
        }

        var hit = text.AsSpan().IndexOfAny(Keywords) >= 0;
        if (!hit && Open.Count == 0)
        {
            if (_state.Recent.Count > 0)
            {
                Remember(line, index);
            }

            return;
        }

        Process(line, text, index, hit, closed, opened);
    }

    /// <summary>Closes reports that saw no line for the quiet period: the node most likely died mid-print.</summary>
    public void Tick(DateTimeOffset now, List<CrashReport> closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        for (var i = 0; i < Open.Count;)
        {
            if (now - Open[i].ActiveAt >= _options.QuietPeriod)
            {
                Close(Open[i], CrashCloseReason.QuietPeriod, closed);
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>End of input: closes every open report.</summary>
    public void Flush(List<CrashReport> closed)
    {
        ArgumentNullException.ThrowIfNull(closed);
        CloseAll(CrashCloseReason.EndOfInput, closed);
    }

    /// <summary>
    /// Offline detection over a whole console log (raw console, or syslog lines such as
    /// <c>Mon dd hh:mm:ss HOST kernel: ...</c> whose prefix is stripped; other programs' syslog lines are skipped).
    /// Line indices of the reports are 0-based positions in the input.
    /// </summary>
    public static IEnumerable<CrashReport> DetectAll(TextReader console, CrashDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        return DetectAllCore(console, options ?? CrashDetectorOptions.Default);
    }

    private static IEnumerable<CrashReport> DetectAllCore(TextReader console, CrashDetectorOptions options)
    {
        var detector = new CrashDetector(options);
        var inputIndex = new List<int>();
        var closed = new List<CrashReport>();
        var at = DateTimeOffset.UnixEpoch;
        var n = -1;
        while (console.ReadLine() is { } raw)
        {
            n++;
            var text = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (SyslogPrefix.TryStrip(text, out var message, out var isKernel))
            {
                if (!isKernel)
                {
                    continue;
                }

                text = message;
            }

            inputIndex.Add(n);
            detector.Feed(new LogLine(text, at), closed);
            foreach (var report in closed)
            {
                yield return Renumber(report, inputIndex);
            }

            closed.Clear();
        }

        detector.Flush(closed);
        foreach (var report in closed)
        {
            yield return Renumber(report, inputIndex);
        }
    }

    private static CrashReport Renumber(CrashReport report, List<int> inputIndex) =>
        report with { FirstLineIndex = inputIndex[report.FirstLineIndex], LastLineIndex = inputIndex[report.LastLineIndex] };

    private void Process(in LogLine line, string text, int index, bool hit, List<CrashReport> closed, List<CrashOpened>? opened)
    {
        var start = ConsolePrefix.Parse(text, out var callerStart, out var callerLength, out var dropped);
        var content = text.AsSpan(start);
        var context = line.Caller is { Length: > 0 } caller ? caller.AsSpan().Trim() : text.AsSpan(callerStart, callerLength);
        if (dropped)
        {
            foreach (var r in Open)
            {
                r.Damaged = true;
            }
        }

        if (hit && ReportLine.IsBootBanner(content))
        {
            CloseAll(CrashCloseReason.Reboot, closed);
            _state.Recent.Clear();
            return;
        }

        var group = hit ? CrashTitler.Classify(content) : -1;
        var followUp = group >= 0 && CrashTitler.Groups[group].FollowUp;
        var target = Find(context);

        // After "---[ end trace" only the register dump and the panic that follow still belong to the report.
        for (var i = 0; i < Open.Count;)
        {
            var r = Open[i];
            var keep = !r.Ended
                || (r == target && (followUp || (group < 0 && ReportLine.LooksLikeReport(content) && !ReportLine.IsRule(content))))
                || (r != target && group < 0);
            if (keep)
            {
                i++;
                continue;
            }

            Close(r, CrashCloseReason.EndMarker, closed);
            if (r == target)
            {
                target = null;
            }
        }

        if (group >= 0)
        {
            if (target is not null)
            {
                // A panic after an oops, "invalid opcode" after "kernel BUG at", "Internal error" after "Unable to
                // handle": one report. So is any header printed before the first report showed its stack.
                if (followUp || (!target.SawStack && target.Lines.Count - target.HeaderOffset < 40))
                {
                    Append(target, line, text, content, index, group, closed);
                    return;
                }

                Close(target, CrashCloseReason.NewReport, closed);
            }
            else if (followUp && Open.Count > 0 && IsPanic(group))
            {
                // A panic printed by another task or CPU still ends the report in progress.
                target = Open[^1];
                if (!context.IsEmpty && target.Context is not null)
                {
                    target.Adopted.Add(context.ToString());
                }

                Append(target, line, text, content, index, group, closed);
                return;
            }

            OpenReport(line, text, content, context, index, group, closed, opened);
            return;
        }

        if (target is null)
        {
            if (_state.Recent.Count > 0 || ReportLine.IsCutHere(content) || ReportLine.IsRule(content))
            {
                Remember(line, index);
            }

            return;
        }

        if ((line.Flags & (LineFlags.IncompleteFragment | LineFlags.Truncated)) != 0)
        {
            target.Damaged = true;
        }

        Append(target, line, text, content, index, -1, closed);
    }

    private void Remember(in LogLine line, int index)
    {
        var content = ConsolePrefix.Content(line.Text ?? string.Empty);
        if (ReportLine.IsCutHere(content) || ReportLine.IsRule(content))
        {
            _state.Recent.Clear();
        }
        else if (_state.Recent.Count == 0)
        {
            return;
        }

        _state.Recent.Add((line, index));
        if (_state.Recent.Count > RecentLines)
        {
            _state.Recent.Clear();
        }
    }

    private PendingReport? Find(ReadOnlySpan<char> context)
    {
        if (Open.Count == 0)
        {
            return null;
        }

        if (context.IsEmpty)
        {
            return Open[^1];
        }

        for (var i = Open.Count - 1; i >= 0; i--)
        {
            var r = Open[i];
            if (r.Context is null || context.SequenceEqual(r.Context) || (r.CpuTraceback && context[0] == 'C'))
            {
                return r;
            }

            foreach (var a in r.Adopted)
            {
                if (context.SequenceEqual(a))
                {
                    return r;
                }
            }
        }

        return null;
    }

    private void OpenReport(in LogLine line, string text, ReadOnlySpan<char> content, ReadOnlySpan<char> context, int index, int group,
        List<CrashReport> closed, List<CrashOpened>? opened)
    {
        var report = new PendingReport
        {
            Group = group,
            Context = context.IsEmpty ? null : context.ToString(),
            Boot = line.Boot,
            FirstAt = line.ReceivedAt,
            FirstIndex = index,
            FirstSeq = line.Seq,
        };

        // The "cut here" (or "=====") line printed just before the header, and what came between, open the report.
        foreach (var (prior, priorIndex) in _state.Recent)
        {
            if (!SameContext(prior, context))
            {
                continue;
            }

            if (report.Lines.Count == 0)
            {
                report.FirstAt = prior.ReceivedAt;
                report.FirstIndex = priorIndex;
                report.FirstSeq = prior.Seq;
            }

            report.Lines.Add(prior.Text);
            report.Chars += prior.Text.Length + 1;
        }

        _state.Recent.Clear();
        report.HeaderOffset = report.Lines.Count;
        Open.Add(report);
        opened?.Add(new CrashOpened(CrashTitler.Groups[group].Kind, text, line.ReceivedAt, index, line.Seq >= 0 ? line.Seq : null, line.Boot));
        Append(report, line, text, content, index, group, closed);
    }

    private static bool SameContext(in LogLine prior, ReadOnlySpan<char> context)
    {
        if (context.IsEmpty)
        {
            return true;
        }

        var text = prior.Text ?? string.Empty;
        ConsolePrefix.Parse(text, out var cs, out var cl, out _);
        var priorContext = prior.Caller is { Length: > 0 } caller ? caller.AsSpan().Trim() : text.AsSpan(cs, cl);
        return priorContext.IsEmpty || priorContext.SequenceEqual(context);
    }

    private void Append(PendingReport report, in LogLine line, string text, ReadOnlySpan<char> content, int index, int group, List<CrashReport> closed)
    {
        report.Lines.Add(text);
        report.Chars += text.Length + 1;
        report.ActiveAt = line.ReceivedAt;
        if (IsPanic(group))
        {
            report.Panicked = true;
        }

        if (!report.SawStack && ReportLine.StartsStack(content))
        {
            report.SawStack = true;
        }

        if (content.Contains("Sending NMI from CPU", StringComparison.Ordinal) || content.StartsWith("NMI backtrace for cpu", StringComparison.Ordinal))
        {
            report.CpuTraceback = true;
        }

        report.KernelVersion ??= CrashTitler.KernelVersion(content);

        var trailing = report.SawStack && !report.Ended && group < 0 && !ReportLine.LooksLikeReport(content);
        if (trailing)
        {
            report.Trailing++;
        }
        else
        {
            report.Trailing = 0;
            report.LastAt = line.ReceivedAt;
            report.LastIndex = index;
        }

        if (ReportLine.IsEndPanic(content))
        {
            Close(report, CrashCloseReason.EndMarker, closed);
            return;
        }

        if (ReportLine.IsEndTrace(content))
        {
            report.Ended = true;
        }

        if (report.Trailing >= _options.MaxTrailingLines)
        {
            Close(report, CrashCloseReason.TraceOver, closed);
        }
        else if (report.Lines.Count >= _options.MaxLines || report.Chars >= _options.MaxChars)
        {
            report.Damaged = true;
            Close(report, CrashCloseReason.SizeCap, closed);
        }
    }

    private static bool IsPanic(int group) => group >= 0 && CrashTitler.Groups[group].Keyword == "Kernel panic";

    private void CloseAll(CrashCloseReason reason, List<CrashReport> closed)
    {
        while (Open.Count > 0)
        {
            Close(Open[0], reason, closed);
        }
    }

    private void Close(PendingReport report, CrashCloseReason reason, List<CrashReport> closed)
    {
        Open.Remove(report);
        var kept = report.Lines.Count - report.Trailing;
        var titled = new List<string>(kept);
        var textLines = 0;
        for (var i = report.HeaderOffset; i < kept; i++)
        {
            var content = ConsolePrefix.Content(report.Lines[i]).TrimEnd('\r');
            if (i > report.HeaderOffset)
            {
                if (GuiltyFrame.IsQuestionable(content) || content.Contains("Disabling lock debugging due to kernel taint", StringComparison.Ordinal))
                {
                    continue;
                }

                // Without caller tags, a fault-injection or allocation-failure stack printed meanwhile cannot be told
                // apart from the report's own: the title looks no further.
                if (report.Context is null && (content.Contains("FAULT_INJECTION: forcing a failure", StringComparison.Ordinal)
                    || content.Contains("vmalloc: allocation failure:", StringComparison.Ordinal)
                    || content.Contains("FAULT_FLAG_ALLOW_RETRY missing", StringComparison.Ordinal)))
                {
                    break;
                }

                // A panic_on_warn panic (or a lockdep splat the oops provoked) far into a report repeats the stack:
                // leave it out of the title's view, as syzkaller does.
                if (textLines > 22 && (content.Contains("Kernel panic - not syncing", StringComparison.Ordinal)
                    || content.Contains("WARNING: possible circular locking dependency detected", StringComparison.Ordinal)))
                {
                    break;
                }
            }

            textLines++;
            titled.Add(content.ToString());
        }

        var (title, kind, frame, formatCorrupted) = CrashTitler.Describe(report.Group, titled);
        var lastContent = kept > 0 ? ConsolePrefix.Content(report.Lines[kept - 1]) : default;
        var complete = report.Ended || ReportLine.EndsTrace(lastContent) || reason is CrashCloseReason.EndMarker or CrashCloseReason.TraceOver;
        var corrupted = report.Damaged || formatCorrupted || (report.SawStack && !complete);
        var text = string.Join('\n', report.Lines.Take(kept));
        closed.Add(new CrashReport(kind, title, frame, report.Panicked, corrupted, report.KernelVersion, report.FirstAt, report.LastAt,
            report.FirstIndex, report.LastIndex, text, report.FirstSeq >= 0 ? report.FirstSeq : null, report.Boot, reason));
    }
}
