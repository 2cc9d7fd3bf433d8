using CsCheck;
using KrgLogs.Shared.Lines;

namespace KrgLogs.Shared.Tests.Lines;

public sealed class ScratchWriterTests
{
    private static byte[] Fresh(IReadOnlyList<string> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            WriteAll(writer, values);
        }

        return stream.ToArray();
    }

    private static void WriteAll(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write7BitEncodedInt(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    [Fact]
    public void Each_message_is_exactly_what_a_fresh_writer_writes_however_the_buffer_was_used_before()
    {
        // Consecutive samples share the thread's buffer: a long message before a short one must leave nothing behind.
        Gen.Char['\0', '\uD7FF'].Array[0, 3000].Select(c => new string(c)).List[0, 20]
            .Sample(values => Assert.Equal(Fresh(values), ScratchWriter.Write(values, WriteAll)), iter: 300, threads: 1);
    }

    [Fact]
    public void A_message_larger_than_the_kept_buffer_is_whole_and_the_next_one_is_right()
    {
        string[] big = [new string('x', 3 << 20)];
        string[] small = ["after"];

        Assert.Equal(Fresh(big), ScratchWriter.Write(big, WriteAll));
        Assert.Equal(Fresh(small), ScratchWriter.Write(small, WriteAll));
    }

    [Fact]
    public void A_write_inside_a_write_gets_its_own_buffer()
    {
        byte[] inner = [];
        var outer = ScratchWriter.Write(0, (writer, _) =>
        {
            writer.Write("outer-start");
            inner = ScratchWriter.Write(0, (w, _) => w.Write("inner"));
            writer.Write("outer-end");
        });

        Assert.Equal(Fresh(["inner"])[1..], inner);
        Assert.Equal([.. Fresh(["outer-start"])[1..], .. Fresh(["outer-end"])[1..]], outer);
    }

    [Fact]
    public void A_lone_surrogate_is_written_as_a_replacement_character_not_an_exception()
    {
        var bytes = ScratchWriter.Write("a\uD800b", (writer, text) => writer.Write(text));

        using var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.Equal("a\uFFFDb", reader.ReadString());
    }
}
