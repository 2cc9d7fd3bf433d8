namespace KrgLogs.Fuzz;

/// <summary>
/// How one fuzzer input holds several datagrams: records <c>[control byte][length: 2 bytes LE][payload]</c>, the
/// last one cut short by the input's end. The control byte picks time steps and the transport, so the fuzzer can
/// mutate them like anything else.
/// </summary>
public static class FuzzInput
{
    public static IEnumerable<(byte Control, ReadOnlyMemory<byte> Payload)> Datagrams(byte[] input)
    {
        var at = 0;
        while (at < input.Length)
        {
            var control = input[at++];
            var length = at + 1 < input.Length ? input[at] | (input[at + 1] << 8) : 0;
            at = Math.Min(input.Length, at + 2);
            length = Math.Min(length, input.Length - at);
            yield return (control, input.AsMemory(at, length));
            at += length;
        }
    }

    public static void Write(Stream output, byte control, ReadOnlySpan<byte> payload)
    {
        var length = Math.Min(payload.Length, ushort.MaxValue);
        output.WriteByte(control);
        output.WriteByte((byte)length);
        output.WriteByte((byte)(length >> 8));
        output.Write(payload[..length]);
    }
}
