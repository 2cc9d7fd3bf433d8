using System.Text.RegularExpressions;

namespace KrgLogs.Shared.Crashes;

/// <summary>
/// Finds the guilty function in a report's stack: the first frame that is not generic machinery (printing,
/// sanitizers, locking, string helpers...). The generic list and the stall/hang rules follow syzkaller's
/// pkg/report/linux.go, which learnt them from thousands of real reports.
/// </summary>
internal static partial class GuiltyFrame
{
    // Matched as substrings, like syzkaller does ("down" also skips "shutdown": accepted for compatibility of titles).
    private static readonly string[] GenericFrames =
    [
        "__sanitizer", "__asan", "kasan", "__msan", "kmsan", "kcsan_", "kfence_", "check_memory_region", "read_word_at_a_time",
        "print_address_description", "panic", "invalid_op", "report_bug", "fixup_bug", "do_error", "_trap", "handle_bug",
        "asm_exc_", "exc_", "dump_stack", "show_stack", "dump_backtrace", "walk_stackframe", "warn_slowpath", "warn_alloc", "__warn", "debug_object",
        "timer_is_static_object", "work_is_static_object", "lockdep", "perf_trace", "lock_acquire", "lock_release",
        "lock_class", "reacquire_held_locks", "spin_lock", "spin_trylock", "spin_unlock", "raw_read_lock",
        "raw_read_trylock", "raw_write_lock", "raw_write_trylock", "down", "up_read", "up_write", "mutex_lock",
        "mutex_trylock", "mutex_unlock", "mutex_remove_waiter", "osq_lock", "osq_unlock", "__wake_up", "refcount_add",
        "refcount_sub", "refcount_inc", "refcount_dec", "refcount_set", "refcount_read", "refcount_warn", "memcpy", "memcmp",
        "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy", "strscpy", "strlen",
        "strnstr", "strnlen", "strchr", "copy_to_user", "copy_from_user", "put_user", "get_user", "might_fault",
        "might_sleep", "list_add", "list_del", "list_replace", "list_move", "list_splice", "_indirect_thunk_", "string",
        "pointer", "snprintf", "scnprintf", "kasprintf", "kvasprintf", "printk", "va_format", "dev_info", "dev_notice",
        "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg", "program_check_exception", "program_check_common",
        "del_timer", "flush_work", "__cancel_work_timer", "cancel_work_sync", "try_to_grab_pending", "flush_workqueue",
        "drain_workqueue", "destroy_workqueue", "finish_wait", "kthread_stop", "kobject_",
        "kobject_uevent_env", "add_uevent_var", "get_device_parent", "device_add", "device_del", "device_unregister",
        "device_destroy", "device_release", "devres_release_all", "hwrng_unregister", "i2c_del_adapter",
        "__unregister_client", "device_for_each_child", "rollback_registered", "unregister_netdev", "sysfs_remove",
        "device_remove_file", "tty_unregister_device", "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs",
        "usb_control_msg", "usb_hcd_submit_urb", "usb_submit_urb", "^complete$", "wait_for_completion", "^kfree$",
        "kfree_skb", "ubsan_", "__ubsan", "stack_trace_", "arch_stack_walk", "show_regs", "__show_regs", "nmi_",
        "trace_hardirqs", "__bug", "rb_erase", "rb_insert", "__rb_", "rb_first", "rb_next", "_atomic_dec_and", "kill_fasync",
        "folio_unlock", "assertfail", "__phys_addr", "xas_", "crc16", "crc32", "strstr", "aes_encrypt", "copy_to_iter", "copy_from_iter",
        "kmem_cache_alloc", "__alloc_pages", "alloc_frozen_pages", "__kmalloc", "ida_free", "ref_tracker", "skb_put", "skb_push", "skb_pull",
        "skb_over_panic", "skb_under_panic", "__queue_work", "mutex_optimistic_spin", "test_and_clear_bit", "test_and_set_bit", "atomic_read",
        "atomic_dec", "atomic_inc", "lock_timer_base", "print_report", "rhashtable_lookup", "__hwasan", "__do_kernel_fault", "do_mem_abort",
        "el1_abort", "el1h_", "__read_once", "fast_dput", "cleanup_srcu_struct", "__might_resched", "__might_sleep",
        "dput", "mark_buffer_dirty", "free_large_kmalloc", "__fortify_report", "fortify_panic", "local_bh_enable", "seqprop_assert",
        "alloc_page_interleave", "kmalloc_order", "put_device", "might_fault", "mark_lock", "queue_work_on", "do_tag_check_fault",
        "__timer_delete_sync", "find_lock_entries", "copy_page_to_iter", "aesti_encrypt", "krealloc", "kvmalloc", "kvfree", "kmalloc_array", "memdup_user", "alloc_pages", "el1_", "el0_", "print_circular", "check_irq_usage", "print_usage_bug", "check_prev", "validate_chain", "check_noncircular",
        "mark_usage", "valid_state", "print_deadlock", "check_deadlock", "print_irq_inversion", "check_usage", "print_tainted", "get_taint", "check_panic_on_warn",
    ];

    private static readonly string[] StallAnchors =
    [
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2",
        "netif_receive_skb", "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq", "run_ksoftirqd",
        "smpboot_thread_fn", "kthread", "start_secondary", "cpu_startup_entry", "ret_from_fork", "vfs_write",
        "vfs_read", "vfs_iter_read", "vfs_iter_write", "do_iter_read", "do_iter_write", "vfs_ioctl", "ksys_ioctl",
        "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl", "blkdev_ioctl", "^call_read_iter",
        "^call_write_iter", "do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap", "do_dentry_open",
        "vfs_open", "new_sync_read", "new_sync_write", "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "__sys_setsockopt",
        "kernel_setsockopt", "sock_common_setsockopt", "__sys_listen", "kernel_listen", "sk_common_release",
        "^sock_mmap", "__sys_accept", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl", "^compat_sock_ioctl",
        "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg",
        "^(compat_)?(SYSC|SyS|__sys|___sys|__do_sys|__se_sys|__x64_sys)_(socketpair|connect|ioctl)",
        "__do_fault", "handle_mm_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run",
        "exit_to_usermode", "smp_call_function",
    ];

    private static readonly string[] SyscallPrefixes = ["__x64_", "SYSC_", "SyS_", "compat_SYSC_", "compat_SyS_", "__ia32_sys_", "__arm64_"];

    private static readonly Regex StallAnchorRe = new(string.Join('|', StallAnchors), RegexOptions.CultureInvariant);

    /// <summary>A frame line: optional <c>[&lt;pc&gt;]</c>s, then <c>func+0x..</c> or <c>func.isra.0+0x..</c>; on 32-bit arm,
    /// <c>[&lt;pc&gt;] (callee) from [&lt;pc&gt;] (caller+0x..)</c> names the caller.</summary>
    [GeneratedRegex(@"^ *(?:\[<?(?:0x)?[0-9a-f]+>?\] ?){0,2}[ \t]*(?:[0-9]+:)?\.?([a-zA-Z0-9_]+)[.+]|^\[<[0-9a-f]+>\] \([^)]*\) from \[<[0-9a-f]+>\] \(([a-zA-Z0-9_]+)[.+]", RegexOptions.CultureInvariant)]
    internal static partial Regex FrameLine();

    /// <summary>The instruction pointer line of x86 (RIP/EIP/IP), PowerPC (NIP), arm (pc :/PC is at), riscv (epc :) and
    /// s390 (Krnl PSW).</summary>
    [GeneratedRegex(@"(?:N?IP:? (?:(?:[0-9]+:)?(?:\[<?(?:0x)?[0-9a-f]+>?\] +){0,2}\.?([a-zA-Z0-9_]+)[.+]|[0-9]+:0x[0-9a-f]+|(?:[0-9]+:)?\[<?(?:0x)?[0-9a-f]+>?\] +\[< *\(null\)>\] +\(null\)|[0-9]+: +\(null\))|^(?:pc|epc) : ([a-zA-Z0-9_]+)[.+]|PC is at ([a-zA-Z0-9_]+)[.+]|EIP is at ([a-zA-Z0-9_]+)[.+]|Krnl PSW : [0-9a-f]+ [0-9a-f]+ \(([a-zA-Z0-9_]+)[.+])", RegexOptions.CultureInvariant)]
    internal static partial Regex RipFrame();

    [GeneratedRegex(@"^( \[<?(?:0x)?[0-9a-f]+>?\])? should_fail(slab)?(\.[a-z0-9.]+)?\+0x", RegexOptions.CultureInvariant)]
    private static partial Regex FaultInjection();

    /// <summary>Where a stack trace starts (a second one ends the first).</summary>
    [GeneratedRegex(@"Call Trace|Call trace:|Allocated:|Allocated by task [0-9]+:|Freed:|Freed by task [0-9]+:|[^k] backtrace:|^Backtrace:|^Stack: \(|Last potentially related work creation:|Second to last potentially related", RegexOptions.CultureInvariant)]
    internal static partial Regex StackStart();

    /// <summary>A frame the unwinder was unsure of: <c> ? f+0x1/0x2</c> (x86) or <c>(unreliable)</c> (PowerPC).</summary>
    public static bool IsQuestionable(ReadOnlySpan<char> content) =>
        (content.Contains(" ? ", StringComparison.Ordinal) && !content.Contains("<EOI>", StringComparison.Ordinal) && QuestionablePrefix(content))
        || content.EndsWith(" (unreliable)", StringComparison.Ordinal);

    public static Regex SkipRegex(string[]? extra) =>
        new(string.Join('|', extra is null ? GenericFrames : [.. GenericFrames, .. extra]), RegexOptions.CultureInvariant);

    /// <summary>Runs a stack spec over the report's lines (from its header on); returns the frames of each parsed part.</summary>
    /// <remarks>A part that yields no frame yields <c>corrupted</c> and clears <c>ok</c>, as in syzkaller.</remarks>
    public static (List<string> Frames, bool Ok) Extract(StackSpec spec, IReadOnlyList<string> lines, int from)
    {
        var result = ExtractImpl(spec, spec.Parts, lines, from);
        return result.Ok || spec.Parts2 is null ? result : ExtractImpl(spec, spec.Parts2, lines, from);
    }

    private static bool QuestionablePrefix(ReadOnlySpan<char> content)
    {
        // " ? f+0x" possibly after "[<addr>]": the "?" comes before any other word.
        var q = content.IndexOf(" ? ", StringComparison.Ordinal);
        var head = content[..q].Trim();
        return head.IsEmpty || (head[0] == '[' && head[^1] == ']');
    }

    private static (List<string> Frames, bool Ok) ExtractImpl(StackSpec spec, Regex?[] parts, IReadOnlyList<string> lines, int from)
    {
        var results = new List<string>();
        var candidates = new List<string>();
        var pos = from;
        var stacks = 0;
        var ok = true;
        for (var partIdx = 0; ; partIdx++)
        {
            if (partIdx == parts.Length || (parts[partIdx] is null && stacks > 0))
            {
                var key = Choose(spec.Choice, candidates);
                if (key is null)
                {
                    ok = false;
                }

                results.Add(key ?? "corrupted");

                candidates.Clear();
            }

            if (partIdx == parts.Length)
            {
                break;
            }

            var part = parts[partIdx];
            if (part is null)
            {
                stacks++;
                while (pos < lines.Count)
                {
                    var line = lines[pos++];
                    if (FaultInjection().IsMatch(line))
                    {
                        // Fault injection stacks get mixed into reports: the frames here cannot be trusted.
                        ok = false;
                        break;
                    }

                    if (StackStart().IsMatch(line))
                    {
                        break;
                    }

                    if (partIdx != parts.Length - 1 && parts[partIdx + 1] is { } next && next.Match(line) is { Success: true } nm)
                    {
                        Add(candidates, nm, spec.SkipRe);
                        partIdx++;
                        break;
                    }

                    if (FrameLine().Match(line) is { Success: true } fm)
                    {
                        Add(candidates, fm, spec.SkipRe);
                    }
                }

            }
            else
            {
                while (pos < lines.Count)
                {
                    if (FaultInjection().IsMatch(lines[pos]))
                    {
                        ok = false;
                        pos++;
                        break;
                    }

                    var m = part.Match(lines[pos++]);
                    if (m.Success)
                    {
                        Add(candidates, m, spec.SkipRe);
                        break;
                    }
                }
            }
        }

        return (results, ok);
    }

    private static void Add(List<string> candidates, Match m, Regex skip)
    {
        for (var g = 1; g < m.Groups.Count; g++)
        {
            if (m.Groups[g].Success)
            {
                var name = m.Groups[g].Value;
                if (!skip.IsMatch(name))
                {
                    candidates.Add(name);
                }

                return;
            }
        }
    }

    private static string? Choose(FrameChoice choice, List<string> frames)
    {
        if (frames.Count == 0)
        {
            return null;
        }

        return choice switch
        {
            FrameChoice.Stall => StallFrame(frames),
            FrameChoice.HungTask => HungTaskFrame(frames),
            _ => frames[0],
        };
    }

    private static string? StallFrame(List<string> frames)
    {
        var prev = frames[0];
        foreach (var frame in frames)
        {
            if (StallAnchorRe.IsMatch(frame))
            {
                if (frame.Contains("smp_call_function", StringComparison.Ordinal))
                {
                    prev = "smp_call_function";
                }

                foreach (var prefix in SyscallPrefixes)
                {
                    if (prev.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        prev = prev[prefix.Length..];
                    }
                }

                return prev;
            }

            prev = frame;
        }

        return null;
    }

    private static string? HungTaskFrame(List<string> frames)
    {
        foreach (var frame in frames)
        {
            if (frame.Contains("rtnl_lock", StringComparison.Ordinal))
            {
                return frame;
            }

            if (frame.Contains("synchronize_rcu", StringComparison.Ordinal) || frame.Contains("synchronize_srcu", StringComparison.Ordinal)
                || frame.Contains("synchronize_net", StringComparison.Ordinal) || frame.Contains("synchronize_sched", StringComparison.Ordinal))
            {
                return "synchronize_rcu";
            }
        }

        string[] waiting = ["sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize", "context_switch", "__switch_to", "cancel_delayed_work", "rcu_gp", "lock_"];
        foreach (var frame in frames)
        {
            var generic = false;
            foreach (var w in waiting)
            {
                if (frame.Contains(w, StringComparison.Ordinal))
                {
                    generic = true;
                    break;
                }
            }

            if (!generic)
            {
                return frame;
            }
        }

        return null;
    }
}
