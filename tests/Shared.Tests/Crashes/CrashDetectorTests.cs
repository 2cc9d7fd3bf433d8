using System.Text;
using System.Text.Json;
using CsCheck;
using KrgLogs.Shared.Crashes;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Crashes;

public sealed class CrashDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    // A 6.x WARNING as printed on the console, without the timestamp prefix.
    private static readonly string[] Warning =
    [
        "------------[ cut here ]------------",
        "WARNING: CPU: 1 PID: 812 at drivers/net/foo/foo.c:123 foo_xmit+0x1c/0x40 [foo]",
        "Modules linked in: foo(OE) e1000",
        "CPU: 1 PID: 812 Comm: ping Tainted: G           OE      6.1.0-56-amd64 #1",
        "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996)",
        "RIP: 0010:foo_xmit+0x1c/0x40 [foo]",
        "Code: 00 00 0f 0b c3",
        "RSP: 0018:ffffc90000bc3d30 EFLAGS: 00010246",
        "Call Trace:",
        " <TASK>",
        " dev_hard_start_xmit+0x8d/0x1e0",
        " __dev_queue_xmit+0x7a5/0xb70",
        " ip_finish_output2+0x2a4/0x590",
        " </TASK>",
        "---[ end trace 0000000000000000 ]---",
    ];

    private static readonly string[] KernelBug =
    [
        "------------[ cut here ]------------",
        "kernel BUG at fs/bar/bar.c:52!",
        "invalid opcode: 0000 [#1] PREEMPT SMP NOPTI",
        "CPU: 0 PID: 261 Comm: insmod Tainted: G           OE      6.1.0-56-amd64 #1",
        "RIP: 0010:bar_release+0x11/0x13 [bar]",
        "Call Trace:",
        " <TASK>",
        " __fput+0x8d/0x250",
        " task_work_run+0x5a/0x90",
        " </TASK>",
        "Modules linked in: bar(OE+)",
        "---[ end trace 0000000000000000 ]---",
        "RIP: 0010:bar_release+0x11/0x13 [bar]",
        "RSP: 0018:ffffc8c880627cf8 EFLAGS: 00000246",
        "Kernel panic - not syncing: Fatal exception",
        "Kernel Offset: 0x10e00000 from 0xffffffff81000000",
        "---[ end Kernel panic - not syncing: Fatal exception ]---",
    ];

    [Fact]
    public void A_warning_becomes_one_report_with_a_syzkaller_title_and_the_exact_text()
    {
        var lines = Timestamped(Warning);
        var (closed, opened) = Run(Lines(lines), flush: false);

        // The end marker leaves the report open for a panic that may follow; the next ordinary line closes it.
        Assert.Empty(closed);
        Assert.Single(opened);
        var detector = new CrashDetector(CrashDetectorOptions.Default);
        var all = new List<CrashReport>();
        foreach (var l in Lines([.. lines, "[   12.500000] e1000: eth0 NIC Link is Up"]))
        {
            detector.Feed(l, all);
        }

        var report = Assert.Single(all);
        Assert.Equal("WARNING in foo_xmit", report.Title);
        Assert.Equal("foo_xmit", report.Frame);
        Assert.Equal("warning", report.Kind);
        Assert.False(report.Panicked);
        Assert.False(report.Corrupted);
        Assert.Equal("6.1.0-56-amd64", report.KernelVersion);
        Assert.Equal(string.Join('\n', lines), report.Text);
        Assert.Equal(0, report.FirstLineIndex);
        Assert.Equal(lines.Length - 1, report.LastLineIndex);
        Assert.Equal(CrashCloseReason.EndMarker, report.CloseReason);
    }

    [Fact]
    public void Nested_headers_and_the_panic_after_the_end_trace_make_one_panicked_report()
    {
        var (closed, _) = Run(Lines(KernelBug), flush: false);

        var report = Assert.Single(closed);
        Assert.Equal("kernel BUG in bar_release", report.Title);
        Assert.True(report.Panicked);
        Assert.False(report.Corrupted);
        Assert.Equal(KernelBug.Length, report.Text.Split('\n').Length);
        Assert.Equal(CrashCloseReason.EndMarker, report.CloseReason);
    }

    [Fact]
    public void Interleaved_cpus_are_separated_by_the_caller_field()
    {
        var lines = new List<LogLine>();
        var other = 0;
        foreach (var text in Warning)
        {
            lines.Add(new LogLine(text, T0, Caller: "T812"));
            lines.Add(new LogLine($"e1000: eth0 watchdog tick {other++}", T0, Caller: "T9"));
        }

        lines.Add(new LogLine("e1000: eth0 NIC Link is Up", T0, Caller: "T812"));
        var (closed, _) = Run(lines);

        var report = Assert.Single(closed);
        Assert.Equal("WARNING in foo_xmit", report.Title);
        Assert.Equal(string.Join('\n', Warning), report.Text);
    }

    [Fact]
    public void Interleaved_cpus_are_separated_by_the_caller_tag_in_the_text()
    {
        var lines = new List<LogLine>();
        for (var i = 0; i < KernelBug.Length; i++)
        {
            lines.Add(new LogLine($"[   10.{i:D6}][  T261] {KernelBug[i]}", T0));
            lines.Add(new LogLine($"[   10.{i:D6}][    C1] ata1: soft resetting link", T0));
        }

        var (closed, _) = Run(lines);

        var report = Assert.Single(closed);
        Assert.Equal("kernel BUG in bar_release", report.Title);
        Assert.DoesNotContain("ata1", report.Text, StringComparison.Ordinal);
        Assert.Equal(KernelBug.Length, report.Text.Split('\n').Length);
    }

    [Fact]
    public void Two_cpus_crashing_at_once_give_two_reports()
    {
        var lines = new List<LogLine>();
        for (var i = 0; i < Math.Max(Warning.Length, KernelBug.Length); i++)
        {
            if (i < Warning.Length)
            {
                lines.Add(new LogLine(Warning[i], T0, Caller: "C1"));
            }

            if (i < KernelBug.Length)
            {
                lines.Add(new LogLine(KernelBug[i], T0, Caller: "T261"));
            }
        }

        var (closed, opened) = Run(lines);

        Assert.Equal(2, opened.Count);
        Assert.Equal(["WARNING in foo_xmit", "kernel BUG in bar_release"], closed.OrderBy(r => r.Title, StringComparer.Ordinal).Select(r => r.Title));
    }

    [Fact]
    public void The_quiet_period_closes_a_report_whose_node_died_mid_print()
    {
        var detector = new CrashDetector(CrashDetectorOptions.Default with { QuietPeriod = TimeSpan.FromSeconds(10) });
        var closed = new List<CrashReport>();
        var opened = new List<CrashOpened>();
        var i = 0;
        foreach (var text in KernelBug.Take(8))
        {
            detector.Feed(new LogLine(text, T0.AddMilliseconds(i++)), closed, opened);
        }

        var signal = Assert.Single(opened);
        Assert.Equal("bug", signal.Kind);
        Assert.Equal(1, signal.LineIndex);

        detector.Tick(T0.AddSeconds(9), closed);
        Assert.Empty(closed);
        Assert.Equal(1, detector.OpenReports);

        detector.Tick(T0.AddSeconds(11), closed);
        var report = Assert.Single(closed);
        Assert.Equal(CrashCloseReason.QuietPeriod, report.CloseReason);
        Assert.Equal("kernel BUG in bar_release", report.Title);
        Assert.True(report.Corrupted); // cut off inside the call trace
        Assert.Equal(T0.AddMilliseconds(7), report.LastAt);
        Assert.Equal(0, detector.OpenReports);
    }

    [Fact]
    public void A_reboot_closes_the_open_report_by_boot_epoch_or_by_banner()
    {
        var lines = Lines(KernelBug.Take(10)).ToList();
        lines.Add(new LogLine("Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)", T0, Boot: 1));
        var (closed, _) = Run(lines, flush: false);
        var report = Assert.Single(closed);
        Assert.Equal(CrashCloseReason.Reboot, report.CloseReason);
        Assert.Equal(0, report.Boot);
        Assert.False(report.Corrupted); // the trace had ended (</TASK>)

        lines = Lines(KernelBug.Take(8)).ToList();
        lines.Add(new LogLine("[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org)", T0));
        (closed, _) = Run(lines, flush: false);
        report = Assert.Single(closed);
        Assert.Equal(CrashCloseReason.Reboot, report.CloseReason);
        Assert.True(report.Corrupted);
    }

    [Fact]
    public void The_size_cap_closes_a_runaway_report()
    {
        var detector = new CrashDetector(CrashDetectorOptions.Default with { MaxLines = 10 });
        var closed = new List<CrashReport>();
        detector.Feed(new LogLine("BUG: soft lockup - CPU#0 stuck for 22s! [spin:100]", T0), closed);
        detector.Feed(new LogLine("Call Trace:", T0), closed);
        for (var i = 0; i < 20; i++)
        {
            detector.Feed(new LogLine($" spin_forever+0x{i:x}/0x40", T0), closed);
        }

        var report = Assert.Single(closed);
        Assert.Equal(CrashCloseReason.SizeCap, report.CloseReason);
        Assert.True(report.Corrupted);
        Assert.Equal(10, report.Text.Split('\n').Length);
        Assert.Equal(0, detector.OpenReports);
    }

    [Fact]
    public void A_sequence_gap_inside_a_report_marks_it_corrupted()
    {
        var lines = Lines(KernelBug).Select((l, i) => l with { Seq = 100 + i + (i > 6 ? 3 : 0) }).ToList();
        var (closed, _) = Run(lines);
        var report = Assert.Single(closed);
        Assert.True(report.Corrupted);
        Assert.Equal(100, report.FirstSeq);
    }

    [Fact]
    public void Dropped_printk_messages_mark_the_report_corrupted()
    {
        var lines = KernelBug.ToArray();
        lines[8] = "** 12 printk messages dropped ** " + lines[8];
        var (closed, _) = Run(Lines(lines));
        Assert.True(Assert.Single(closed).Corrupted);
    }

    [Fact]
    public void A_boot_log_without_crash_gives_nothing()
    {
        var boot = File.ReadLines(SharedData.Path("captures", "plain.serial.log")).TakeWhile(l => !l.Contains("sysrq", StringComparison.Ordinal)).ToList();
        Assert.True(boot.Count > 300);
        var (closed, opened) = Run(Lines(boot));
        Assert.Empty(closed);
        Assert.Empty(opened);
    }

    [Theory]
    [InlineData("WARNING: the mand mount option is being deprecated and")]
    [InlineData("Spectre V2 : WARNING: Unprivileged eBPF is enabled with eIBRS on")]
    [InlineData("XFS (loop4): WARNING: Reset corrupted AGFL on AG 0.")]
    [InlineData("WARNING: /etc/ssh/moduli does not exist, using fixed modulus")]
    [InlineData("INFO: NMI handler (perf_event_nmi_handler) took too long to run: 1.356 msecs")]
    [InlineData("BUG UNIX (Not tainted): kasan: bad access detected")]
    [InlineData("ODEBUG: Out of memory. ODEBUG disabled")]
    [InlineData("traps: a.out[3615] general protection fault ip:7feb96eb56a1 sp:20000fd0 error:0 in a.out[7feb96e75000+84000]")]
    [InlineData("usb 1-1: BUG report from device: nothing to see")]
    [InlineData("systemd[1]: Reached target BUG-free zone.")]
    [InlineData("Kernel command line: oops=panic panic_on_warn=1 WARNING=0")]
    [InlineData("ALSA: seq fatal error: cannot create timer (-22)")]
    public void Ordinary_lines_that_mention_warning_or_bug_give_nothing(string text)
    {
        var (closed, opened) = Run(Lines([$"[   45.025191] {text}", text, "[   45.1] next line"]));
        Assert.Empty(closed);
        Assert.Empty(opened);
    }

    [Theory]
    [InlineData("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: foo_ioctl+0x1f/0x20", "kernel panic: stack is corrupted in foo_ioctl")]
    [InlineData("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)")]
    [InlineData("Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b", "kernel panic: Attempted to kill init!")]
    public void A_lone_panic_is_titled_by_its_reason(string text, string title)
    {
        var (closed, _) = Run(Lines([text, "CPU: 0 PID: 1 Comm: init Not tainted 5.10.0 #1", "Call Trace:", " dump_stack+0x6d/0x88", " panic+0x101/0x2e3", " foo_ioctl+0x1f/0x20"]));
        var report = Assert.Single(closed);
        Assert.Equal(title, report.Title);
        Assert.True(report.Panicked);
        Assert.Equal("5.10.0", report.KernelVersion);
    }

    [Fact]
    public void A_hung_task_is_titled_by_its_first_non_waiting_frame()
    {
        string[] lines =
        [
            "INFO: task kworker/0:1:17 blocked for more than 120 seconds.",
            "      Not tainted 5.15.0 #1",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
            "task:kworker/0:1     state:D stack:    0 pid:   17 ppid:     2 flags:0x00004000",
            "Call Trace:",
            " <TASK>",
            " __schedule+0x2d2/0x870",
            " schedule+0x4e/0xb0",
            " schedule_timeout+0x1ba/0x2a0",
            " wait_for_completion+0x8d/0xf0",
            " nfs_commit_inode+0x3c/0x60",
            " process_one_work+0x1e8/0x3c0",
            " </TASK>",
        ];
        var report = Assert.Single(Run(Lines(lines)).Closed);
        Assert.Equal("INFO: task hung in nfs_commit_inode", report.Title);
        Assert.Equal("hung-task", report.Kind);
    }

    [Fact]
    public void An_abrt_syslog_oops_from_the_2_6_era_is_found_offline_with_1_based_json_lines()
    {
        var syslog = File.ReadLines(SharedData.Path("corpora", "crashes", "abrt", "not_oops2.test.template")).Take(41)
            .Append("Jan 12 19:08:42 :HOSTNAME: kernel: e1000: eth0 NIC Link is Up").Append("Jan 12 19:08:43 :HOSTNAME: dhclient[811]: BUG: none");
        var log = string.Join('\n', syslog).Replace(":HOSTNAME:", "ohm", StringComparison.Ordinal);
        var report = Assert.Single(CrashDetector.DetectAll(new StringReader(log)));
        Assert.Equal("BUG: unable to handle kernel NULL pointer dereference in radeon_cp_init_ring_buffer", report.Title);
        Assert.Equal("2.6.27.9-159.fc10.i686", report.KernelVersion);
        Assert.StartsWith("BUG: unable to handle kernel NULL pointer dereference at 00000000", report.Text, StringComparison.Ordinal);
        Assert.EndsWith("---[ end trace 81e3cf9431f7af0c ]---", report.Text, StringComparison.Ordinal);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            CrashReportJson.Write(writer, report);
        }

        using var json = JsonDocument.Parse(buffer.ToArray());
        var root = json.RootElement;
        Assert.Equal(report.Title, root.GetProperty("title").GetString());
        Assert.Equal("oops", root.GetProperty("kind").GetString());
        Assert.Equal("radeon_cp_init_ring_buffer", root.GetProperty("frame").GetString());
        Assert.False(root.GetProperty("panicked").GetBoolean());
        Assert.Equal(14, root.GetProperty("startLine").GetInt32());
        Assert.Equal(41, root.GetProperty("endLine").GetInt32());
        Assert.Equal(report.Text, root.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("oops9_ppc64.test", "BUG: unable to handle kernel paging request in ipr_pci_error_detected")]
    [InlineData("oops8_ppc64.test", "WARNING in eeh_dev_check_failure")]
    [InlineData("oops10_s390x.test", "kernel BUG in scsi_alloc_sgtable")]
    [InlineData("oops-kernel-panic-hung-tasks-arm.test", "kernel panic: hung_task: blocked tasks")]
    [InlineData("oops_recursive_locking1.test", "possible deadlock in find_ref_lock")]
    [InlineData("kernel_panic_oom.test", "kernel panic: Out of memory: system-wide panic_on_oom is enabled")]
    [InlineData("debug_messages.test", "BUG: unable to handle kernel NULL pointer dereference in acpi_ns_internalize_name")]
    [InlineData("oops-32bit-graphics.test", "BUG: unable to handle kernel NULL pointer dereference in radeon_audio_detect")]
    public void Oopses_of_other_eras_and_architectures_get_titles(string file, string title)
    {
        var log = File.ReadAllText(SharedData.Path("corpora", "crashes", "abrt", file));
        var report = CrashDetector.DetectAll(new StringReader(log)).First();
        Assert.Equal(title, report.Title);
    }

    [Fact]
    public void Resuming_from_the_state_at_any_cut_point_gives_the_same_reports()
    {
        var lines = Lines(File.ReadLines(SharedData.Path("captures", "zoo", "warn-plain", "warn-plain.serial.log")).Skip(370))
            .Select((l, i) => l with { ReceivedAt = T0.AddMilliseconds(i), Seq = 1000 + i }).ToList();
        var expected = Run(lines).Closed;
        Assert.Equal(3, expected.Count);

        Gen.Int[0, lines.Count].Sample(cut =>
        {
            var first = new CrashDetector(CrashDetectorOptions.Default);
            var closed = new List<CrashReport>();
            foreach (var l in lines.Take(cut))
            {
                first.Feed(l, closed);
            }

            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                first.State.WriteTo(writer);
            }

            buffer.Position = 0;
            using var reader = new BinaryReader(buffer);
            var resumed = new CrashDetector(CrashDetectorOptions.Default, CrashDetectorState.ReadFrom(reader));
            foreach (var l in lines.Skip(cut))
            {
                resumed.Feed(l, closed);
            }

            resumed.Flush(closed);
            Assert.Equal(expected, closed);
        }, iter: 200);
    }

    private static string[] Timestamped(IEnumerable<string> lines) => [.. lines.Select((l, i) => $"[   12.{i:D6}] {l}")];

    private static IEnumerable<LogLine> Lines(IEnumerable<string> texts) => texts.Select(t => new LogLine(t, T0));

    private static (List<CrashReport> Closed, List<CrashOpened> Opened) Run(IEnumerable<LogLine> lines, bool flush = true)
    {
        var detector = new CrashDetector(CrashDetectorOptions.Default);
        var closed = new List<CrashReport>();
        var opened = new List<CrashOpened>();
        foreach (var line in lines)
        {
            detector.Feed(line, closed, opened);
        }

        if (flush)
        {
            detector.Flush(closed);
        }

        return (closed, opened);
    }
}
