using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Recognises report headers and turns a finished report into a syzkaller-style title, kind and guilty frame.
/// The table follows syzkaller's pkg/report/linux.go (its formats, argument order and frame rules), rewritten
/// here with a few additions for what production kernels print (OOM, MCE, hard lockups, old lockdep, arm, s390).
/// </summary>
internal static partial class CrashTitler
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    // A hostile or huge report must not stall the node's actor: multi-line formats give up and the header line titles it.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly Regex Rip = GuiltyFrame.RipFrame();
    private static readonly Regex CallTrace = R("Call [Tt]race:|^Backtrace:");
    private static readonly string[] AllowedPrefixes = ["", "[", "rcu:", "watchdog:", "NMI watchdog:", "Oops:", "kasan:", "INFO:", "segment-related"];

    private static readonly StackSpec FallbackStack = new([CallTrace, null]);

    internal static readonly HeaderGroup[] Groups = BuildGroups();

    /// <summary>The group whose header this message is, or -1. Called only for lines that passed the keyword filter.</summary>
    public static int Classify(ReadOnlySpan<char> content)
    {
        for (var g = 0; g < Groups.Length; g++)
        {
            var group = Groups[g];
            var p = content.IndexOf(group.Keyword, StringComparison.Ordinal);
            if (p < 0 || !PrefixAccepted(content[..p], group))
            {
                continue;
            }

            if (group.RuleRequired && !AnyTitleMatches(group, group.AnyPrefix ? content : content[p..]))
            {
                continue;
            }

            return g;
        }

        return -1;
    }

    /// <summary>Title, kind, frame, and whether the format itself says the report is damaged.</summary>
    public static (string Title, string Kind, string? Frame, bool Corrupted) Describe(int groupIndex, IReadOnlyList<string> lines)
    {
        try
        {
            return DescribeCore(groupIndex, lines);
        }
        catch (RegexMatchTimeoutException)
        {
            var group = Groups[groupIndex];
            var first = lines.Count > 0 ? lines[0] : string.Empty;
            var at = first.IndexOf(group.Keyword, StringComparison.Ordinal);
            return (Sanitize((at >= 0 ? first[at..] : first).Trim()), group.Kind, null, true);
        }
    }

    private static (string Title, string Kind, string? Frame, bool Corrupted) DescribeCore(int groupIndex, IReadOnlyList<string> lines)
    {
        var group = Groups[groupIndex];
        var text = string.Join('\n', lines) + "\n";
        string? desc = null;
        string? frame = null;
        TitleRule? format = null;
        var startPos = text.Length;
        var matchedTitle = false;
        var corrupted = false;
        foreach (var rule in group.Rules)
        {
            var m = rule.Title.Match(text);
            if (!m.Success || m.Index > startPos || (m.Index == startPos && desc is not null))
            {
                continue;
            }

            if (m.Index < startPos)
            {
                desc = null;
                format = null;
                frame = null;
                startPos = m.Index;
            }

            matchedTitle = true;
            var args = m;
            if (rule.Report is not null)
            {
                args = rule.Report.Match(text);
                if (!args.Success)
                {
                    continue;
                }
            }

            var values = new List<string>();
            for (var i = 1; i < args.Groups.Count; i++)
            {
                values.Add(args.Groups[i].Success ? args.Groups[i].Value : string.Empty);
            }

            corrupted = false;
            string? ruleFrame = null;
            if (rule.Stack is not null)
            {
                var (frames, ok) = GuiltyFrame.Extract(rule.Stack, lines, LineOf(text, m.Index));
                corrupted = !ok;
                values.AddRange(frames);
                ruleFrame = frames.Count > 0 ? frames[0] : null;
            }

            desc = string.Format(CultureInfo.InvariantCulture, rule.Format, [.. values]);
            frame = ruleFrame ?? FrameFromArgs(rule, values);
            format = rule;
        }

        if (desc is null)
        {
            corrupted = matchedTitle;
            var first = lines.Count > 0 ? lines[0] : string.Empty;
            var at = first.IndexOf(group.Keyword, StringComparison.Ordinal);
            desc = (at >= 0 ? first[at..] : first).Trim();
        }

        if (format is { Corrupted: true })
        {
            corrupted = true;
        }

        if (frame is null or "corrupted")
        {
            // Titles like "kernel panic: X" name no function, but the report's stack still tells where it died.
            var (frames, ok) = GuiltyFrame.Extract(FallbackStack, lines, 0);
            frame = ok ? frames[0] : null;
        }

        return (Sanitize(desc), format?.Kind ?? group.Kind, frame == "corrupted" ? null : frame, corrupted);
    }

    /// <summary>The kernel release from a <c>CPU: ... Tainted: G W 6.1.0-56-amd64 #1</c> style line.</summary>
    public static string? KernelVersion(ReadOnlySpan<char> content)
    {
        if (!content.Contains("ainted", StringComparison.Ordinal))
        {
            return null;
        }

        var m = KernelVersionRe().Match(content.ToString());
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"(?:Not tainted|Tainted: [A-Z]*(?: +[A-Z]+)*) +\(?([0-9]+\.[0-9]+[^ )]*)", Options)]
    private static partial Regex KernelVersionRe();

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+", Options)]
    private static partial Regex FunctionOffset();

    [GeneratedRegex(@"\b(?:0x)?[0-9a-f]{6,}\b", Options)]
    private static partial Regex AddressLike();

    [GeneratedRegex(@"(\W)(\d+)(\W|$)", Options)]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"syz-executor\.?[0-9]+((/|:)[0-9]+)?", Options)]
    private static partial Regex Executor();

    [GeneratedRegex(@"CPU#[0-9]+", Options)]
    private static partial Regex CpuNumber();

    [GeneratedRegex(@"(\.\w+)(:[0-9]+)+", Options)]
    private static partial Regex FileLine();

    /// <summary>Makes titles stable across runs: no addresses, offsets, numbers or pids (syzkaller's replacements).</summary>
    internal static string Sanitize(string title)
    {
        title = Executor().Replace(title, "syz-executor");
        title = FunctionOffset().Replace(title, "$1");
        title = AddressLike().Replace(title, "ADDR");
        title = FileLine().Replace(title, "$1:LINE");
        title = CpuNumber().Replace(title, "CPU");
        for (var i = 0; i < 3; i++)
        {
            var next = NumberLike().Replace(title, "${1}NUM${3}");
            if (next == title)
            {
                break;
            }

            title = next;
        }

        return title.Trim();
    }

    private static string? FrameFromArgs(TitleRule rule, List<string> values)
    {
        // Formats that end in "in {n}" name the function through a regex capture rather than a stack.
        var at = rule.Format.LastIndexOf(" in {", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var close = rule.Format.IndexOf('}', at);
        if (close < 0 || !int.TryParse(rule.Format.AsSpan(at + 5, close - at - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var idx))
        {
            return null;
        }

        return idx < values.Count && values[idx].Length > 0 && values[idx].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? values[idx] : null;
    }

    private static int LineOf(string text, int index)
    {
        var line = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static bool PrefixAccepted(ReadOnlySpan<char> prefix, HeaderGroup group)
    {
        if (group.AnyPrefix)
        {
            return true;
        }

        var p = prefix.Trim();
        foreach (var allowed in AllowedPrefixes)
        {
            if (p.SequenceEqual(allowed))
            {
                return true;
            }
        }

        // "ALSA sound/core/pcm_lib.c:181: BUG: ..." — a debug print that names its source location.
        // "kasan: GPF could be caused by ... accessgeneral protection fault: 0000": two messages glued together.
        if (p.StartsWith("kasan:", StringComparison.Ordinal))
        {
            return true;
        }

        return (p.EndsWith(':') && SourcePrefix().IsMatch(p)) || DatePrefix().IsMatch(p) || GluedTimestamp().IsMatch(p);
    }

    [GeneratedRegex(@"(?:^|\s)[\w./-]+\.c:\d+:$", Options)]
    private static partial Regex SourcePrefix();

    // A message glued to the end of an unfinished line: "...34359738352 bytes[   76.471107] BUG: ...".
    [GeneratedRegex(@"\[ *[0-9]+\.[0-9]+\](?:\[ *[CT][0-9]+\])?$", Options)]
    private static partial Regex GluedTimestamp();

    // syzkaller's own log lines ("2018/01/09 14:28:48 BUG: memory leak").
    [GeneratedRegex(@"^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", Options)]
    private static partial Regex DatePrefix();

    private static bool AnyTitleMatches(HeaderGroup group, ReadOnlySpan<char> fromKeyword)
    {
        foreach (var rule in group.Rules)
        {
            try
            {
                if (rule.Title.IsMatch(fromKeyword))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // One absurd line is not worth a stalled detector: it is not a header.
            }
        }

        return false;
    }

    private static Regex R(string pattern)
    {
        var sb = new StringBuilder(pattern);
        sb.Replace("{{ADDR}}", "0x[0-9a-f]+");
        sb.Replace("{{PC}}", @"\[<?(?:0x)?[0-9a-f]+>?\]");
        sb.Replace("{{FUNC}}", @"([a-zA-Z0-9_]+)(?:\.|\+)");
        sb.Replace("{{SRC}}", @"([a-zA-Z0-9\-_/.]+\.[a-z]+:[0-9]+)");
        return new Regex(sb.ToString(), Options, MatchTimeout);
    }

    private static StackSpec Stack(params string?[] parts) => new(Parts(parts));

    private static Regex?[] Parts(string?[] parts) =>
        [.. parts.Select(p => p switch { null => null, "RIP" => Rip, "CALL" => CallTrace, _ => R(p) })];

    private static StackSpec StackSkip(string?[] parts, params string[] skip) => new(Parts(parts), skip: skip);

    private static StackSpec WarningStack(params string[] skip) =>
        new([R(Rip + "|--- interrupt: [0-9]+ at {{FUNC}}"), null], [CallTrace, null], skip);

    // The lock being taken names the deadlock; when that site is generic (kill_fasync, flush_workqueue...), the stack does.
    private static StackSpec LockStack(string taking) => Stack(taking, "at: (?:{{PC}} +)?{{FUNC}}", "CALL", null);

    private static TitleRule T(string kind, string title, string format, string? report = null, StackSpec? stack = null, bool noStack = false, bool corrupted = false) =>
        new(kind, R(title), format, report is null ? null : R(report), stack, noStack, corrupted);

    private static HeaderGroup[] BuildGroups()
    {
        const string Bug = "bug";
        const string Warning = "warning";
        const string Lockdep = "lockdep";
        var ripCall = new[] { "RIP", "CALL", null };
        var call = new[] { "CALL", null };
        var lockAt = @"(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}}";
        return
        [
            new("BUG:",
            [
                T("kasan", "BUG: KASAN:", "KASAN: {0} {2} in {3}", @"BUG: KASAN: ([a-z\-]+) in {{FUNC}}(?:.*\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+)",
                    Stack(@"BUG: KASAN: (?:[a-z\-]+) in {{FUNC}}", "CALL", null)),
                T("kasan", "BUG: KASAN:", "KASAN: invalid-free in {1}", @"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}",
                    StackSkip([@"BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}", "CALL", null], "kmem_", "slab_", "kfree", "vunmap", "vfree")),
                T("kasan", @"BUG: KASAN: ([a-z\-]+) on address(?:.*\n)+?.*(Read|Write) of size ([0-9]+)", "KASAN: {0} {1}"),
                T("kasan", "BUG: KASAN: (.*)", "KASAN: {0}", corrupted: true),
                T("kmsan", "BUG: KMSAN: kernel-usb-infoleak", "KMSAN: kernel-usb-infoleak in {1}", "BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}",
                    StackSkip(call, "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg")),
                T("kmsan", "BUG: KMSAN:", "KMSAN: {0} in {2}", @"BUG: KMSAN: ([a-z\-]+) in {{FUNC}}",
                    new StackSpec(Parts([@"BUG: KMSAN: [a-z\-]+ in {{FUNC}}", null]), Parts(call))),
                T("kcsan", "BUG: KCSAN:", "KCSAN: {0}", "BUG: KCSAN: (.*)", noStack: true),
                T("kfence", "BUG: KFENCE:", "KFENCE: {0} in {2}", @"BUG: KFENCE: ([a-z\- ]+) in {{FUNC}}",
                    StackSkip([@"BUG: KFENCE: [a-z\- ]+ in {{FUNC}}", null], "kfence")),
                T("oops", "BUG: (?:unable to handle kernel paging request|unable to handle page fault for address|Unable to handle kernel data access)",
                    "BUG: unable to handle kernel paging request in {0}", stack: Stack(ripCall)),
                T("oops", "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference|Kernel NULL pointer dereference)",
                    "BUG: unable to handle kernel NULL pointer dereference in {0}", stack: Stack(ripCall)),
                T("oops", "BUG: (?:unable to handle kernel access to user memory|Unable to handle kernel access to user memory)",
                    "BUG: unable to handle kernel access to user memory in {0}", stack: Stack(ripCall)),
                T("oops", "BUG: (?:unable to handle kernel|Unable to handle kernel)", "BUG: unable to handle kernel", corrupted: true),
                T(Bug, "BUG: spinlock (lockup suspected|already unlocked|recursion|bad magic|wrong owner|wrong CPU)", "BUG: spinlock {0} in {1}",
                    stack: StackSkip(call, "spin_")),
                T(Bug, "BUG: rwlock (lockup suspected|already unlocked|recursion|bad magic|wrong owner|wrong CPU)", "BUG: rwlock {0} in {1}",
                    stack: StackSkip(call, "spin_", "rwlock", "_read_", "_write_")),
                T("lockup", "BUG: soft lockup", "BUG: soft lockup in {0}", stack: new StackSpec(Parts(ripCall), choice: FrameChoice.Stall)),
                T(Lockdep, "BUG: .*still has locks held!", "BUG: still has locks held in {0}", @"BUG: .*still has locks held!(?:.*\n)+?.*(?:{{PC}} +|at: ){{FUNC}}"),
                T(Lockdep, "BUG: lock held when returning to user space", "BUG: lock held when returning to user space in {0}",
                    @"BUG: lock held when returning to user space(?:.*\n)+?.*leaving the kernel with locks still held" + lockAt, noStack: true),
                T(Lockdep, "BUG: bad unlock balance detected!", "BUG: bad unlock balance in {0}",
                    @"BUG: bad unlock balance detected!(?:.*\n){0,15}?.*is trying to release lock(?:.*\n){0,15}?.*(?:{{PC}} +|at: ){{FUNC}}"),
                T(Lockdep, "BUG: held lock freed!", "BUG: held lock freed in {0}", @"BUG: held lock freed!(?:.*\n)+?.*(?:{{PC}} +|at: ){{FUNC}}"),
                T(Lockdep, "BUG: Invalid wait context", "WARNING: locking bug in {0}", stack: Stack("at: (?:{{PC}} +)?{{FUNC}}", "CALL", null)),
                T(Bug, "BUG: Bad rss-counter state", "BUG: Bad rss-counter state", noStack: true),
                T(Bug, "BUG: non-zero nr_ptes on freeing mm", "BUG: non-zero nr_ptes on freeing mm", noStack: true),
                T(Bug, "BUG: non-zero nr_pmds on freeing mm", "BUG: non-zero nr_pmds on freeing mm", noStack: true),
                T(Bug, @"BUG: Dentry .* still in use \([0-9]+\) \[unmount of ([^\]]+)\]", "BUG: Dentry still in use [unmount of {0}]"),
                T(Bug, "BUG: Bad page state", "BUG: Bad page state in {0}",
                    stack: StackSkip(call, "free_", "page", "put_", "release_", "bad_", "__folio", "folio_", "alloc_", "unmap", "zap_", "pte", "pmd", "mm", "tlb", "lru")),
                T(Bug, "BUG: Bad page map", "BUG: Bad page map"),
                T("lockup", "BUG: workqueue lockup", "BUG: workqueue lockup", noStack: true),
                T(Bug, "BUG: sleeping function called from invalid context at (.*)", "BUG: sleeping function called from invalid context in {1}", stack: Stack(call)),
                T(Bug, @"BUG: using __this_cpu_([a-z_]+)\(\) in preemptible", "BUG: using __this_cpu_{0}() in preemptible code in {1}",
                    stack: StackSkip(call, "dump_stack", "preemption", "preempt")),
                T(Bug, @"BUG: using smp_processor_id\(\) in preemptible", "BUG: using smp_processor_id() in preemptible code in {0}",
                    stack: StackSkip(call, "dump_stack", "preemption", "preempt", "smp_processor_id")),
                T(Bug, "BUG: workqueue leaked lock or atomic", "BUG: workqueue leaked lock or atomic in {0}",
                    @"BUG: workqueue leaked lock or atomic(?:.*\n)+?.*last function: ([a-zA-Z0-9_]+)\n", noStack: true),
                T("leak", "BUG: memory leak", "memory leak in {0}", stack: StackSkip(["backtrace:", null], "kmemleak", "kmalloc", "kcalloc", "kzalloc",
                    "vmalloc", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get", "list_lru_init", "kasprintf", "kvasprintf",
                    "pcpu_create", "strdup", "strndup", "memdup")),
                T(Bug, "BUG: (?:TASK )?stack guard page was hit at", "BUG: stack guard page was hit in {0}",
                    stack: new StackSpec(Parts(ripCall), choice: FrameChoice.Stall)),
                T(Bug, "BUG: scheduling while atomic", "BUG: scheduling while atomic in {0}", stack: StackSkip(call, "schedule")),
                T(Bug, @"BUG:\s*(?:\n|$)", "BUG: corrupted", corrupted: true),
            ], Bug),
            new("WARNING:",
            [
                T(Warning, @"WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check)", "WARNING: ODEBUG bug in {0}",
                    stack: WarningStack("debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "kmem_", "slab_", "kfree", "vunmap", "vfree", "__free_", "debug_check", "kobject_")),
                T(Warning, @"WARNING: .*mm/usercopy\.c.* usercopy_warn", "WARNING: bad usercopy in {0}", stack: WarningStack("usercopy", "__check")),
                T(Warning, @"WARNING: .*lib/kobject\.c.* kobject_", "WARNING: kobject bug in {0}", stack: WarningStack("kobject_")),
                T(Warning, @"WARNING: .*fs/proc/generic\.c.* proc_register", "WARNING: proc registration bug in {0}", stack: WarningStack("proc_")),
                T(Warning, @"WARNING: .*lib/refcount\.c.* refcount_", "WARNING: refcount bug in {0}", stack: WarningStack("refcount", "kobject_")),
                T(Warning, @"WARNING: .*kernel/locking/lockdep\.c.*lock_", "WARNING: locking bug in {0}", stack: WarningStack("lock_sock", "release_sock")),
                T(Lockdep, "WARNING: lock held when returning to user space", "WARNING: lock held when returning to user space in {0}",
                    @"WARNING: lock held when returning to user space(?:.*\n)+?.*leaving the kernel with locks still held" + lockAt, noStack: true),
                T(Warning, @"WARNING: .*mm/vmalloc\.c.*__vmalloc_node", "WARNING: zero-size vmalloc in {0}", stack: WarningStack("vmalloc", "kvmalloc")),
                T(Warning, @"WARNING: .*mm/.*\.c.* k?.?malloc", "WARNING: kmalloc bug in {0}",
                    stack: WarningStack("kmalloc", "kcalloc", "kzalloc", "krealloc", "vmalloc", "slab", "kmem")),
                T(Warning, "WARNING: .* usb_submit_urb", "WARNING in {0}/usb_submit_urb",
                    stack: WarningStack("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg", "usb_control_msg")),
                T(Warning, "WARNING:(?: .*)? at {{SRC}}(?: {{FUNC}})?", "WARNING in {2}", stack: WarningStack()),
                T(Warning, @"WARNING: (?:\[.*\] )?{{SRC}} at ", "WARNING in {1}", stack: WarningStack()),
                T(Lockdep, "WARNING: possible circular locking dependency detected", "possible deadlock in {0}", @"WARNING: possible circular locking dependency detected(?:.*\n)+?.*is trying to acquire lock", LockStack("is trying to acquire lock")),
                T(Lockdep, "WARNING: possible irq lock inversion dependency detected", "possible deadlock in {0}", @"WARNING: possible irq lock inversion dependency detected(?:.*\n)+?.*just changed the state of lock", LockStack("just changed the state of lock")),
                T(Lockdep, "WARNING: (?:SOFT|HARD)IRQ-safe -> (?:SOFT|HARD)IRQ-unsafe lock order detecte", "possible deadlock in {0}", @"WARNING: (?:SOFT|HARD)IRQ-safe -> (?:SOFT|HARD)IRQ-unsafe lock order detected(?:.*\n)+?.*is trying to acquire", LockStack("is trying to acquire")),
                T(Lockdep, "WARNING: possible recursive locking detected", "possible deadlock in {0}", @"WARNING: possible recursive locking detected(?:.*\n)+?.*is trying to acquire lock", LockStack("is trying to acquire lock")),
                T(Lockdep, "WARNING: inconsistent lock state", "inconsistent lock state in {0}", @"WARNING: inconsistent lock state(?:.*\n)+?.*takes", LockStack("takes")),
                T(Lockdep, "WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage in {1}", @"WARNING: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}",
                    StackSkip(call, "rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc")),
                T(Lockdep, "WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage"),
                T(Warning, "WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value", "WARNING: kernel stack regs has bad '{0}' value", noStack: true),
                T(Warning, "WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value", "WARNING: kernel stack frame pointer has bad value", noStack: true),
                T(Lockdep, "WARNING: bad unlock balance detected!", "WARNING: bad unlock balance in {0}",
                    @"WARNING: bad unlock balance detected!(?:.*\n){0,15}?.*is trying to release lock(?:.*\n){0,15}?.*(?:{{PC}} +|at: ){{FUNC}}"),
                T(Lockdep, "WARNING: held lock freed!", "WARNING: held lock freed in {0}", @"WARNING: held lock freed!(?:.*\n)+?.*at:(?: {{PC}})? +{{FUNC}}"),
                T(Lockdep, "WARNING: .*still has locks held!", "WARNING: still has locks held in {0}", @"WARNING: .*still has locks held!(?:.*\n)+?.*(?:{{PC}} +|at: ){{FUNC}}"),
                T(Lockdep, "WARNING: nested lock was not taken", "WARNING: nested lock was not taken in {0}", @"WARNING: nested lock was not taken(?:.*\n)+?.*is trying to acquire lock" + lockAt),
                T(Warning, "WARNING: kernel stack regs .* has bad 'bp' value", "WARNING: kernel stack regs has bad value", noStack: true),
                T(Warning, "WARNING: kernel stack frame pointer .* has bad value", "WARNING: kernel stack regs has bad value", noStack: true),
                T(Warning, @"WARNING:\s*(?:\n|$)", "WARNING: corrupted", corrupted: true),
            ], Warning, RuleRequired: true),
            new("INFO:",
            [
                T(Lockdep, "INFO: possible circular locking dependency detected", "possible deadlock in {0}",
                    @"INFO: possible circular locking dependency detected \](?:.*\n)+?.*is trying to acquire lock" + lockAt),
                T(Lockdep, "INFO: possible irq lock inversion dependency detected", "possible deadlock in {0}",
                    @"INFO: possible irq lock inversion dependency detected \](?:.*\n)+?.*just changed the state of lock" + lockAt),
                T(Lockdep, "INFO: (?:SOFT|HARD)IRQ-safe -> (?:SOFT|HARD)IRQ-unsafe lock order detected", "possible deadlock in {0}",
                    @"INFO: (?:SOFT|HARD)IRQ-safe -> (?:SOFT|HARD)IRQ-unsafe lock order detected \](?:.*\n)+?.*is trying to acquire" + lockAt),
                T(Lockdep, "INFO: possible recursive locking detected", "possible deadlock in {0}",
                    @"INFO: possible recursive locking detected \](?:.*\n)+?.*is trying to acquire lock" + lockAt),
                T(Lockdep, "INFO: inconsistent lock state", "inconsistent lock state in {0}", @"INFO: inconsistent lock state \](?:.*\n)+?.*takes" + lockAt),
                T("rcu-stall", @"INFO: rcu_(?:preempt|sched|bh|tasks\w*) (?:self-)?detected(?: expedited)? stall", "INFO: rcu detected stall in {0}",
                    stack: new StackSpec(Parts(["apic_timer_interrupt", "RIP", null]), Parts(["apic_timer_interrupt", null]), ["apic_timer_interrupt", "rcu"], FrameChoice.Stall)),
                T(Lockdep, "INFO: trying to register non-static key", "INFO: trying to register non-static key in {0}", stack: StackSkip(call, "stack", "lock", "IRQ")),
                T(Lockdep, "INFO: suspicious RCU usage", "INFO: suspicious RCU usage in {1}", @"INFO: suspicious RCU usage(?:.*\n)+?.*?{{SRC}}",
                    StackSkip(call, "rcu", "kmem", "slab", "kmalloc", "vmalloc", "kcalloc", "kzalloc")),
                T("hung-task", @"INFO: task .*(?:\n.*)? blocked for more than [0-9]+ seconds", "INFO: task hung in {0}", stack: new StackSpec(Parts(call), choice: FrameChoice.HungTask)),
                T("hung-task", @"INFO: task \S", "INFO: task hung in {0}", stack: new StackSpec(Parts(call), choice: FrameChoice.HungTask)),
                T("kasan", "INFO: (Freed|Allocated) in (.*)", "INFO: {0} in {1}", corrupted: true),
                T(Bug, @"INFO:\s*(?:\n|$)", "INFO: corrupted", corrupted: true),
            ], Bug, RuleRequired: true),
            new("Unable to handle kernel",
            [
                T("oops", "Unable to handle kernel NULL pointer dereference", "BUG: unable to handle kernel NULL pointer dereference in {0}", stack: Stack(ripCall)),
                T("oops", "Unable to handle kernel (?:paging request|pointer dereference|execute from non-executable memory|read from unreadable memory|write to read-only memory)",
                    "BUG: unable to handle kernel paging request in {0}", stack: Stack(ripCall)),
                T("oops", "Unable to handle kernel access to user memory", "BUG: unable to handle kernel access to user memory in {0}", stack: Stack(ripCall)),
            ], "oops"),
            new("general protection fault", [T("oops", "general protection fault.*:", "general protection fault in {0}", stack: Stack(ripCall))], "oops"),
            new("stack segment: ", [T("oops", "stack segment: ", "stack segment fault in {0}", stack: Stack(ripCall))], "oops"),
            new("Kernel panic",
            [
                T("panic", "Kernel panic - not syncing: stack-protector:", "kernel panic: stack is corrupted in {0}",
                    "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}", noStack: true),
                T("panic", "Kernel panic - not syncing: stack-protector:", "kernel panic: stack is corrupted in {0}",
                    "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+", StackSkip(call, "stack_chk")),
                T("panic", "Kernel panic - not syncing: corrupted stack end", "kernel panic: corrupted stack end in {0}",
                    "Kernel panic - not syncing: corrupted stack end detected inside scheduler",
                    new StackSpec(Parts(call), skip: ["schedule", "retint_kernel"], choice: FrameChoice.Stall)),
                T("panic", "Kernel panic - not syncing: Attempted to kill init!", "kernel panic: Attempted to kill init!"),
                T("panic", "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+", "kernel panic: Couldn't open N_TTY ldisc"),
                T("panic", "Kernel panic - not syncing: Fatal exception", "kernel panic: Fatal exception", corrupted: true),
                T("panic", "Kernel panic - not syncing: (?:kernel: )?panic_on_warn set", "kernel panic: panic_on_warn set", corrupted: true),
                T("panic", "Kernel panic - not syncing: hung_task: blocked tasks", "kernel panic: hung_task: blocked tasks", corrupted: true),
                T("panic", @"Kernel panic - not syncing: (.*?)\s*(?:\n|$)", "kernel panic: {0}"),
            ], "panic", FollowUp: true),
            new("PANIC: double fault", [T("oops", "PANIC: double fault", "PANIC: double fault in {0}", stack: Stack("RIP"))], "oops", FollowUp: true),
            new("kernel BUG",
            [
                T(Bug, "kernel BUG at mm/usercopy.c", "BUG: bad usercopy in {0}", stack: StackSkip(call, "usercopy", "__check")),
                T("list-corruption", "kernel BUG at lib/list_debug.c", "BUG: corrupted list in {0}", stack: Stack(call)),
                T(Bug, "kernel BUG at (.*)", "kernel BUG in {1}", stack: Stack(ripCall)),
            ], Bug),
            new("Kernel BUG", [T(Bug, "Kernel BUG (.*)", "kernel BUG {0}")], Bug),
            new("BUG kmalloc-",
            [
                T(Bug, "BUG kmalloc-.*: Object already free", "BUG: Object already free"),
                T(Bug, @"BUG kmalloc-[0-9a-z]+ \([^)]*\): ([^\n]*)", "BUG: kmalloc: {0}"),
            ], Bug),
            new("list_add corruption", [T("list-corruption", "list_add corruption", "BUG: corrupted list in {0}", stack: Stack(ripCall))], "list-corruption", FollowUp: true),
            new("list_del corruption", [T("list-corruption", "list_del corruption", "BUG: corrupted list in {0}", stack: Stack(ripCall))], "list-corruption", FollowUp: true),
            new("divide error:", [T("oops", "divide error: ", "divide error in {0}", stack: Stack("RIP"))], "oops"),
            new("divide_error:", [T("oops", "divide_error: ", "divide error in {0}", stack: Stack("RIP"))], "oops"),
            new("invalid operand:", [T("oops", "invalid operand: ", "invalid operand in {0}", stack: Stack("RIP"))], "oops", FollowUp: true),
            new("invalid opcode:", [T("oops", "invalid opcode: ", "invalid opcode in {0}", stack: Stack("RIP"))], "oops", FollowUp: true),
            new("UBSAN:",
            [
                T("ubsan", "UBSAN:", "UBSAN: undefined-behaviour in {0}", "UBSAN: Undefined behaviour in", StackSkip(call, "ubsan", "overflow")),
                T("ubsan", @"UBSAN: ([a-z\-]+) in", "UBSAN: {0} in {1}", stack: StackSkip(call, "ubsan", "overflow")),
            ], "ubsan"),
            new("unregister_netdevice: waiting for",
                [T(Bug, "unregister_netdevice: waiting for (?:.*) to become free", "unregister_netdevice: waiting for DEV to become free", noStack: true)], Bug, FollowUp: true),
            new("int3:", [T("oops", "int3: ", "int3 in {0}", stack: Stack(ripCall))], "oops"),
            new("Internal error:", [T("oops", "Internal error:", "Internal error in {0}", stack: StackSkip(ripCall, "__raw_read", "__raw_write"))], "oops"),
            new("Unhandled fault:", [T("oops", "Unhandled fault:", "Unhandled fault in {0}", stack: Stack(ripCall))], "oops"),
            new("Watchdog detected hard LOCKUP",
                [T("lockup", "Watchdog detected hard LOCKUP", "BUG: hard lockup in {0}", stack: new StackSpec(Parts(ripCall), choice: FrameChoice.Stall))], "lockup"),
            new("SYZFAIL:", [T(Bug, "SYZFAIL:(.*)", "SYZFAIL:{0}", noStack: true)], Bug),
            new("VFS: Close: file count is 0", [T(Bug, "VFS: Close: file count is 0", "VFS: Close: file count is zero (use-after-free)", noStack: true)], Bug),
            new("invoked oom-killer", [T("oom", "invoked oom-killer", "out of memory", noStack: true)], "oom", AnyPrefix: true),
            new("Out of memory: Kill", [T("oom", "Out of memory: Kill", "out of memory", noStack: true)], "oom", FollowUp: true),
            new("page allocation failure: order:",
                [T("alloc-failure", "page allocation failure: order:", "page allocation failure in {0}",
                    stack: StackSkip(call, "alloc", "kmalloc", "kzalloc", "kmem", "slab", "page", "warn_alloc", "vmalloc"))], "alloc-failure", AnyPrefix: true),
            new("Machine Check Exception", [T("mce", "Machine Check Exception", "machine check exception", noStack: true)], "mce", AnyPrefix: true),
            new("Machine check events logged", [T("mce", "Machine check events logged", "machine check events logged", noStack: true)], "mce", AnyPrefix: true),
            new("[#",
            [
                T("oops", @"^(?:Oops|[a-zA-Z][a-zA-Z ]*)(?: - [^:\n]*)?:.*\[#[0-9]+\]", "Oops in {0}", stack: Stack(ripCall)),
            ], "oops", FollowUp: true, RuleRequired: true, AnyPrefix: true),
        ];
    }
}
