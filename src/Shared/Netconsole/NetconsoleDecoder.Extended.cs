using System.Text;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Netconsole;

/// <summary>Extended records: ncfrag reassembly, seq ordering, duplicates, reboots, continuations.</summary>
public sealed partial class NetconsoleDecoder
{
    private readonly List<FragmentAssembly> _fragments = [];

    // Records waiting behind a seq gap, sorted by seq; at most ReorderWindow of them.
    private readonly ReorderQueue _waiting;

    // Released records kept back for a possible continuation, oldest first.
    private readonly ExtendedRecord[] _held;
    private byte[] _scratch;
    private int _heldCount;
    private int _heldHead;

    // Unanchored: no seq released yet in this boot, so the first one is not known yet.
    private bool _anchored;
    private long _nextSeq;

    // Bit i set: seq _nextSeq - 1 - i was released (duplicate detection behind the frontier).
    private ulong _releasedMask;
    private string? _release;
    private long _highestMsgId = -1;

    // A '+' flag means a 3.5–4.8 kernel, where 'c' starts a line and '+' continues it.
    private bool _legacyContinuation;
    private bool _rebooting;

    // A datagram far behind the frontier, waiting for confirmation that the node rebooted.
    private byte[]? _rebootCandidate;
    private long _rebootCandidateSeq;
    private DateTimeOffset _rebootCandidateAt;

    private void RestoreExtended(NetconsoleState state)
    {
        _legacyContinuation = state.LegacyContinuation;
        if (state.RebootCandidate.Length > 0 && ExtendedHeader.TryParse(state.RebootCandidate, out var candidate))
        {
            _rebootCandidate = state.RebootCandidate.ToArray();
            _rebootCandidateSeq = candidate.Seq;
            _rebootCandidateAt = state.RebootCandidateAt;
        }

        _anchored = state.Anchored;
        _nextSeq = state.NextSeq;
        _releasedMask = state.ReleasedMask;
        _release = state.Release;
        _highestMsgId = state.HighestMsgId;
        foreach (var record in state.Waiting)
        {
            if (_waiting.IndexOf(record.Seq) < 0)
            {
                _waiting.Insert(record);
            }
        }

        // Restored oldest first from slot 0, where the ring's head starts.
        foreach (var record in state.Held)
        {
            if (_heldCount < _held.Length)
            {
                _held[_heldCount++] = record;
            }
        }

        foreach (var fragment in state.Fragments)
        {
            _fragments.Add(fragment.Clone());
        }
    }

    private FragmentAssembly[] CloneFragments()
    {
        if (_fragments.Count == 0)
        {
            return [];
        }

        var copies = new FragmentAssembly[_fragments.Count];
        for (var i = 0; i < copies.Length; i++)
        {
            copies[i] = _fragments[i].Clone();
        }

        return copies;
    }

    private void AcceptExtended(ReadOnlySpan<byte> datagram, ref ExtendedHeader header, DateTimeOffset receivedAt, List<LogLine> output)
    {
        if (!header.Release.IsEmpty)
        {
            if (_release is not null && !CallerNames.AsciiEquals(header.Release, _release))
            {
                Reboot(output, flushPlain: true);
            }

            if (_release is null || !CallerNames.AsciiEquals(header.Release, _release))
            {
                _release = Encoding.ASCII.GetString(header.Release);
            }
        }

        var seq = header.Seq;
        if (IsFarBehind(seq))
        {
            // One record far behind may be a stale duplicate; a second one near it (or silence) is a reboot.
            if (_rebootCandidate is null || Math.Abs(seq - _rebootCandidateSeq) > _options.ReorderWindow)
            {
                if (_rebootCandidate is not null)
                {
                    _counters.CountDuplicate();
                }

                _rebootCandidate = datagram.ToArray();
                _rebootCandidateSeq = seq;
                _rebootCandidateAt = receivedAt;
                return;
            }

            Reboot(output, flushPlain: true);
        }
        else if (_rebootCandidate is not null)
        {
            // The stream went on where it was: the lone old record was a stale copy.
            _rebootCandidate = null;
            _counters.CountDuplicate();
        }

        if (IsDuplicate(seq))
        {
            _counters.CountDuplicate();
            return;
        }

        var caller = header.Caller.IsEmpty ? null : _names.Get(header.Caller);
        if (!header.HasFragment)
        {
            CompleteRecord(seq, header.Priority, header.Usec, caller, header.Flag, header.Body, LineFlags.None, receivedAt, output, checkedDuplicate: true);
            return;
        }

        var body = header.Body;
        if (!header.FragmentValid || header.FragmentTotal <= 0 || header.FragmentTotal > _options.MaxRecordBytes
            || body.IsEmpty || header.FragmentOffset + body.Length > header.FragmentTotal)
        {
            EmitMalformed(datagram, MalformedReason.BadFragment, receivedAt, output);
            return;
        }

        var assembly = FindFragment(seq);
        if (assembly is null)
        {
            if (_fragments.Count >= _options.MaxPendingFragmentedRecords)
            {
                ReleaseIncomplete(OldestFragment(), output);
            }

            assembly = new FragmentAssembly(seq, header.Priority, header.Usec, caller, header.Flag, (int)header.FragmentTotal, receivedAt);
            _fragments.Add(assembly);
        }
        else if (assembly.Total != header.FragmentTotal)
        {
            EmitMalformed(datagram, MalformedReason.BadFragment, receivedAt, output);
            return;
        }

        assembly.Add((int)header.FragmentOffset, body, receivedAt);
        if (assembly.IsComplete)
        {
            _fragments.Remove(assembly);
            CompleteRecord(assembly.Seq, assembly.Priority, assembly.Usec, assembly.Caller, assembly.Flag, assembly.Bytes, LineFlags.None, receivedAt, output);
        }
    }

    private FragmentAssembly? FindFragment(long seq)
    {
        foreach (var fragment in _fragments)
        {
            if (fragment.Seq == seq)
            {
                return fragment;
            }
        }

        return null;
    }

    private FragmentAssembly OldestFragment()
    {
        var oldest = _fragments[0];
        foreach (var fragment in _fragments)
        {
            if (fragment.FirstAt < oldest.FirstAt)
            {
                oldest = fragment;
            }
        }

        return oldest;
    }

    private void ReleaseIncomplete(FragmentAssembly assembly, List<LogLine> output)
    {
        _fragments.Remove(assembly);
        _counters.CountFragmentTimedOut();
        var length = assembly.CopyReceived(_scratch);

        // CompleteRecord unescapes into _scratch too: hand it a copy of what came.
        var received = _scratch.AsSpan(0, length).ToArray();
        CompleteRecord(assembly.Seq, assembly.Priority, assembly.Usec, assembly.Caller, assembly.Flag, received, LineFlags.IncompleteFragment, assembly.LastAt, output);
    }

    /// <summary>Far behind the released frontier (more than the window): the kernel started again from 0.</summary>
    private bool IsFarBehind(long seq)
    {
        var window = _options.ReorderWindow;
        if (_anchored)
        {
            return seq < _nextSeq - window;
        }

        return _waiting.Count > 0 && seq < _waiting.First.Seq - window;
    }

    private bool IsDuplicate(long seq)
    {
        if (_anchored && seq < _nextSeq)
        {
            var behind = _nextSeq - 1 - seq;
            return behind < 64 && (_releasedMask & (1UL << (int)behind)) != 0;
        }

        return IndexOfWaiting(seq) >= 0;
    }

    private int IndexOfWaiting(long seq)
    {
        return _waiting.IndexOf(seq);
    }

    private void CompleteRecord(long seq, int priority, long usec, string? caller, byte flag, ReadOnlySpan<byte> body, LineFlags flags, DateTimeOffset receivedAt, List<LogLine> output, bool checkedDuplicate = false)
    {
        // A record completed from fragments may have become a duplicate meanwhile (a resent copy was whole).
        if (!checkedDuplicate && IsDuplicate(seq))
        {
            _counters.CountDuplicate();
            return;
        }

        var newline = body.IndexOf((byte)'\n');
        var text = newline < 0 ? body : body[..newline];
        if (newline >= 0)
        {
            CountMsgId(body[(newline + 1)..]);
        }

        if (seq == 0 && _seenThisBoot && text.StartsWith("Linux version "u8))
        {
            Reboot(output, flushPlain: true);
        }

        _seenThisBoot = true;
        var record = new ExtendedRecord(seq, priority, usec, caller, flag, Unescape(text), flags, receivedAt);
        Order(record, output);
    }

    /// <summary>sysdata <c>msgid=N</c> (6.14+) counts every message sent: a gap is a loss on the wire.</summary>
    private void CountMsgId(ReadOnlySpan<byte> dictionary)
    {
        var at = dictionary.IndexOf(" msgid="u8);
        if (at < 0)
        {
            return;
        }

        var digits = dictionary[(at + 7)..];
        long id = 0;
        var n = 0;
        while (n < digits.Length && n < 18 && digits[n] >= (byte)'0' && digits[n] <= (byte)'9')
        {
            id = (id * 10) + (digits[n] - '0');
            n++;
        }

        if (n == 0)
        {
            return;
        }

        // A jump beyond any burst, or far back, is a restarted counter (target re-enabled), not a loss.
        const long MaxPlausibleGap = 1 << 20;
        if (_highestMsgId < 0 || id > _highestMsgId + MaxPlausibleGap || id + _options.ReorderWindow < _highestMsgId)
        {
            _highestMsgId = id;
            return;
        }

        if (id > _highestMsgId + 1)
        {
            _counters.CountWireLost(id - _highestMsgId - 1);
        }
        else if (id < _highestMsgId)
        {
            // A late arrival fills a gap counted before.
            _counters.CountWireLost(-1);
        }

        _highestMsgId = Math.Max(_highestMsgId, id);
    }

    private string Unescape(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        var backslash = text.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            return Utf8.GetString(text);
        }

        if (_scratch.Length < text.Length)
        {
            _scratch = new byte[text.Length];
        }

        var output = _scratch.AsSpan();
        text[..backslash].CopyTo(output);
        var length = backslash;
        var i = backslash;
        while (i < text.Length)
        {
            var b = text[i];
            if (b == (byte)'\\' && i + 3 < text.Length && text[i + 1] == (byte)'x' && HexValue(text[i + 2]) >= 0 && HexValue(text[i + 3]) >= 0)
            {
                output[length++] = (byte)((HexValue(text[i + 2]) << 4) | HexValue(text[i + 3]));
                i += 4;
            }
            else
            {
                output[length++] = b;
                i++;
            }
        }

        return Utf8.GetString(output[..length]);
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private void Order(in ExtendedRecord record, List<LogLine> output)
    {
        if (_anchored && record.Seq < _nextSeq)
        {
            // Behind the frontier but never released (its gap was skipped): late, out of order, kept.
            _counters.CountLate();
            var behind = _nextSeq - 1 - record.Seq;
            if (behind < 64)
            {
                _releasedMask |= 1UL << (int)behind;
            }

            Hold(record, output);
            return;
        }

        if (_anchored && record.Seq == _nextSeq && _waiting.Count == 0)
        {
            ReleaseInOrder(record, output);
            return;
        }

        _waiting.Insert(record);
        Drain(output);
    }

    private void Drain(List<LogLine> output)
    {
        if (!_anchored && _waiting.Count > 0 && (_waiting.First.Seq == 0 || _waiting.Count > _options.ReorderWindow))
        {
            Anchor(_waiting.First.Seq);
        }

        while (_anchored && _waiting.Count > 0)
        {
            if (_waiting.First.Seq != _nextSeq)
            {
                if (_waiting.Count <= _options.ReorderWindow)
                {
                    return;
                }

                _counters.CountGapSkipped();
            }

            ReleaseInOrder(TakeFirstWaiting(), output);
        }
    }

    private void Anchor(long seq)
    {
        _anchored = true;
        _nextSeq = seq;
        _releasedMask = 0;
    }

    private ExtendedRecord TakeFirstWaiting()
    {
        return _waiting.TakeFirst();
    }

    private void ReleaseInOrder(in ExtendedRecord record, List<LogLine> output)
    {
        var shift = record.Seq + 1 - _nextSeq;
        _releasedMask = shift >= 64 ? 0 : _releasedMask << (int)shift;
        _releasedMask |= 1;
        _nextSeq = record.Seq + 1;
        Hold(record, output);
    }

    private bool IsContinuation(byte flag) => flag == (byte)'+' || (flag == (byte)'c' && !_legacyContinuation);

    private void Hold(in ExtendedRecord record, List<LogLine> output)
    {
        if (record.Flag == (byte)'+')
        {
            _legacyContinuation = true;
        }

        if (_options.ContinuationWindow == 0)
        {
            while (_heldCount > 0)
            {
                EmitFirstHeld(output);
            }

            Emit(record, output);
            return;
        }

        if (IsContinuation(record.Flag))
        {
            for (var k = _heldCount - 1; k >= 0; k--)
            {
                var i = HeldSlot(k);
                var previous = _held[i];
                // Same caller; a merged line is capped like a plain one (a stuck pr_cont loop must not grow state).
                if (string.Equals(previous.Caller, record.Caller, StringComparison.Ordinal)
                    && previous.Text.Length + record.Text.Length <= _options.MaxLineBytes)
                {
                    _held[i] = previous with
                    {
                        Text = string.Concat(previous.Text, record.Text),
                        Flags = previous.Flags | record.Flags | LineFlags.Continued,
                        ReceivedAt = record.ReceivedAt,
                    };
                    return;
                }
            }
        }

        while (_heldCount >= _options.ContinuationWindow)
        {
            EmitFirstHeld(output);
        }

        _held[HeldSlot(_heldCount)] = record;
        _heldCount++;
    }

    private int HeldSlot(int index) => (_heldHead + index) % _held.Length;

    internal ExtendedRecord[] HeldSnapshot()
    {
        var copy = new ExtendedRecord[_heldCount];
        for (var k = 0; k < _heldCount; k++)
        {
            copy[k] = _held[HeldSlot(k)];
        }

        return copy;
    }

    private void EmitFirstHeld(List<LogLine> output)
    {
        var first = _held[_heldHead];
        _held[_heldHead] = default;
        _heldHead = HeldSlot(1);
        _heldCount--;
        Emit(first, output);
    }

    private void Emit(in ExtendedRecord record, List<LogLine> output)
    {
        var level = record.Priority & 7;
        var facility = record.Priority >> 3;
        var text = record.Text;
        var start = 0;
        while (true)
        {
            var newline = text.IndexOf('\n', start);
            var line = newline < 0 ? (start == 0 ? text : text[start..]) : text[start..newline];
            output.Add(new LogLine(line, record.ReceivedAt, LogStream.Kernel, level, facility, record.Usec, record.Seq, record.Caller, _boot, Flags: record.Flags));
            if (newline < 0)
            {
                return;
            }

            start = newline + 1;
        }
    }

    private void TickExtended(DateTimeOffset now, List<LogLine> output)
    {
        ConfirmRebootCandidate(now, output, force: false);
        // Expired fragmented records go out lowest seq first, so that they order like whole ones.
        while (true)
        {
            FragmentAssembly? expired = null;
            foreach (var fragment in _fragments)
            {
                if (now - fragment.FirstAt > _options.FragmentTimeout && (expired is null || fragment.Seq < expired.Seq))
                {
                    expired = fragment;
                }
            }

            if (expired is null)
            {
                break;
            }

            ReleaseIncomplete(expired, output);
        }

        while (_waiting.Count > 0 && now - EarliestWaiting() > _options.ReorderTimeout && !GapBeingReassembled())
        {
            if (!_anchored)
            {
                Anchor(_waiting.First.Seq);
            }
            else
            {
                _counters.CountGapSkipped();
            }

            ReleaseInOrder(TakeFirstWaiting(), output);
            Drain(output);
        }

        while (_heldCount > 0 && now - _held[_heldHead].ReceivedAt > _options.ReorderTimeout)
        {
            EmitFirstHeld(output);
        }
    }

    private DateTimeOffset EarliestWaiting()
    {
        return _waiting.EarliestReceivedAt();
    }

    /// <summary>A fragmented record inside the gap has its own (fragment) timeout: wait for it.</summary>
    private bool GapBeingReassembled()
    {
        var first = _waiting.First.Seq;
        foreach (var fragment in _fragments)
        {
            if (fragment.Seq < first && (!_anchored || fragment.Seq >= _nextSeq))
            {
                return true;
            }
        }

        return false;
    }

    private void FlushExtended(List<LogLine> output)
    {
        if (!_rebooting)
        {
            ConfirmRebootCandidate(default, output, force: true);
        }

        while (_fragments.Count > 0)
        {
            ReleaseIncomplete(LowestFragment(), output);
        }

        while (_waiting.Count > 0)
        {
            if (!_anchored)
            {
                Anchor(_waiting.First.Seq);
            }
            else if (_waiting.First.Seq != _nextSeq)
            {
                _counters.CountGapSkipped();
            }

            ReleaseInOrder(TakeFirstWaiting(), output);
        }

        while (_heldCount > 0)
        {
            EmitFirstHeld(output);
        }
    }

    private FragmentAssembly LowestFragment()
    {
        var lowest = _fragments[0];
        foreach (var fragment in _fragments)
        {
            if (fragment.Seq < lowest.Seq)
            {
                lowest = fragment;
            }
        }

        return lowest;
    }

    /// <summary>What belongs to the old boot goes out first, then the window starts again.</summary>
    private void Reboot(List<LogLine> output, bool flushPlain)
    {
        // Flushing the old boot can complete an old seq-0 banner: that must not count as another reboot.
        if (_rebooting)
        {
            return;
        }

        _rebooting = true;
        FlushExtended(output);
        _rebooting = false;
        if (flushPlain)
        {
            FlushPlain(output);
        }

        _counters.CountReboot();
        _boot++;
        _seenThisBoot = false;
        _anchored = false;
        _nextSeq = 0;
        _releasedMask = 0;
        _highestMsgId = -1;
        _legacyContinuation = false;
        _release = null;

        // The record that revealed the reboot belongs to the new boot.
        if (_rebootCandidate is not null)
        {
            var candidate = _rebootCandidate;
            _rebootCandidate = null;
            if (ExtendedHeader.TryParse(candidate, out var header))
            {
                AcceptExtended(candidate, ref header, _rebootCandidateAt, output);
            }
        }
    }

    private void ConfirmRebootCandidate(DateTimeOffset now, List<LogLine> output, bool force)
    {
        if (_rebootCandidate is not null && (force || now - _rebootCandidateAt > _options.ReorderTimeout))
        {
            Reboot(output, flushPlain: true);
        }
    }
}
