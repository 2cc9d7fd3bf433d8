using System.Globalization;

namespace KrgLogs.Receiver.Forwarding;

/// <summary>
/// What one resend round logs: a single warning for every node whose batches went unacked, naming the first few. One
/// warning per node flooded the log exactly when an aggregator stalled: 8,183 in 20 s from a site of 1,000 nodes while
/// their entities started. Every resent batch is still counted (<c>krglogs_receiver_batches_resent_total</c>).
/// </summary>
public sealed class ResendNotice
{
    public const int NodesNamed = 5;

    private readonly List<(string Node, long FromSeq)> _named = [];
    private int _nodes;
    private int _batches;

    public void Add(string node, int batches, long fromSeq)
    {
        if (batches == 0)
        {
            return;
        }

        if (_named.Count < NodesNamed)
        {
            _named.Add((node, fromSeq));
        }

        _nodes++;
        _batches += batches;
    }

    /// <summary>The round's warning, null when nothing was resent; the round starts afresh.</summary>
    public string? Take(TimeSpan resendAfter)
    {
        if (_nodes == 0)
        {
            return null;
        }

        var text = _nodes == 1
            ? string.Create(CultureInfo.InvariantCulture, $"No ack from node {_named[0].Node} for {resendAfter}: resending {_batches} batches from seq {_named[0].FromSeq}")
            : string.Create(CultureInfo.InvariantCulture, $"No ack from nodes {Named()} for {resendAfter}: resending {_batches} batches of {_nodes} nodes");
        _named.Clear();
        _nodes = 0;
        _batches = 0;
        return text;
    }

    private string Named()
    {
        var named = string.Join(", ", _named.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Node} (seq {n.FromSeq})")));
        return _nodes > _named.Count ? string.Create(CultureInfo.InvariantCulture, $"{named} and {_nodes - _named.Count} more") : named;
    }
}
