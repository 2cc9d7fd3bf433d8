using KrgLogs.Aggregator.Follow;

namespace KrgLogs.Aggregator.Tests.Follow;

/// <summary>The follow stream's line ids: what a reconnecting client sends back, and which lines come after it.</summary>
public sealed class FollowCursorTests
{
    [Theory]
    [InlineData("12.3", 12L, 3)]
    [InlineData("0.0", 0L, 0)]
    [InlineData("7", 7L, FollowCursor.WholeEvent)]
    public void Ids_round_trip(string text, long seq, int index)
    {
        Assert.True(FollowCursor.TryParse(text, out var cursor));
        Assert.Equal(new FollowCursor(seq, index), cursor);
        Assert.Equal(text, cursor.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1.")]
    [InlineData("1.x")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("99999999999999999999")]
    public void Anything_else_is_refused(string? text) => Assert.False(FollowCursor.TryParse(text, out _));

    [Fact]
    public void Resuming_skips_exactly_what_was_delivered()
    {
        var midEvent = new FollowCursor(5, 1);
        Assert.Equal(5, midEvent.FromSeq);
        Assert.False(midEvent.IsBefore(5, 1));
        Assert.True(midEvent.IsBefore(5, 2));
        Assert.True(midEvent.IsBefore(6, 0));
        Assert.False(midEvent.IsBefore(4, 9));

        var wholeEvent = FollowCursor.AfterEvent(5);
        Assert.Equal(6, wholeEvent.FromSeq);
        Assert.False(wholeEvent.IsBefore(5, 1000));
        Assert.True(wholeEvent.IsBefore(6, 0));
    }
}
