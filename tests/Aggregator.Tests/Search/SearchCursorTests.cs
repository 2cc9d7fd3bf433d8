using CsCheck;
using KrgLogs.Aggregator.Search;

namespace KrgLogs.Aggregator.Tests.Search;

public sealed class SearchCursorTests
{
    [Fact]
    public void Every_key_survives_the_round_trip() =>
        Gen.Long[0, long.MaxValue].Sample(key => SearchCursor.TryDecode(SearchCursor.Encode(key), out var back) && back == key);

    [Fact]
    public void A_cursor_is_url_safe() =>
        Gen.Long[0, long.MaxValue].Sample(key => SearchCursor.Encode(key).All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AAAAAAAAAAAA")] // version 0
    [InlineData("ATRDYBvkQA")] // too short
    [InlineData("Af__________")] // negative key
    public void Anything_else_is_refused(string cursor) => Assert.False(SearchCursor.TryDecode(cursor, out _));

    [Fact]
    public void Keys_sort_like_receive_times_and_bound_them()
    {
        var t = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        Assert.True(IndexKey.BucketStart(t) < IndexKey.BucketStart(t.AddMilliseconds(1)));
        Assert.Equal(IndexKey.BucketStart(t.AddTicks(9_999)), IndexKey.BucketStart(t));
        Assert.Equal(t, IndexKey.TimeOf(IndexKey.BucketStart(t) + 17));
        Assert.True(IndexKey.UpperBound(t) > IndexKey.BucketStart(t.AddTicks(-1)) + IndexKey.SlotsPerMillisecond);
        Assert.Equal(0, IndexKey.BucketStart(DateTimeOffset.UnixEpoch.AddDays(-1)));
    }

    [Fact]
    public void The_allocator_counts_on_from_the_last_used_slot_and_spills_a_full_millisecond()
    {
        var t = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        var bucket = IndexKey.BucketStart(t);
        var asked = new List<long>();
        var keys = new KeyAllocator((lo, hi) =>
        {
            asked.Add(lo);
            return lo == bucket ? bucket + IndexKey.SlotsPerMillisecond - 2 : null;
        });

        Assert.Equal(bucket + IndexKey.SlotsPerMillisecond - 1, keys.Next(t));
        Assert.Equal(bucket + IndexKey.SlotsPerMillisecond, keys.Next(t)); // spilled into the next millisecond
        Assert.Equal(bucket + IndexKey.SlotsPerMillisecond + 1, keys.Next(t.AddMilliseconds(1)));
        Assert.Equal([bucket, bucket + IndexKey.SlotsPerMillisecond], asked); // each millisecond asked once
    }
}
