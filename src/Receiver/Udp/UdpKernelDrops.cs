using System.Globalization;

namespace KrgLogs.Receiver.Udp;

/// <summary>
/// Datagrams the kernel dropped at our UDP socket because its receive buffer was full (the <c>drops</c> column of
/// <c>/proc/net/udp</c> and <c>/proc/net/udp6</c> for the socket bound to our port): what a node sent while the
/// receiver held its reading back, or could not keep up, that never reached krglogs. Read at scrape time; 0 where
/// /proc is not there.
/// </summary>
public static class UdpKernelDrops
{
    private static readonly string[] Tables = ["/proc/net/udp", "/proc/net/udp6"];

    public static long Read(int port)
    {
        long drops = 0;
        foreach (var table in Tables)
        {
            try
            {
                drops += DropsOf(File.ReadLines(table), port);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return drops;
    }

    /// <summary>Sums the <c>drops</c> column (the last) of the rows whose local port is <paramref name="port"/>.</summary>
    public static long DropsOf(IEnumerable<string> table, int port)
    {
        long drops = 0;
        foreach (var row in table.Skip(1))
        {
            var fields = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 13)
            {
                continue;
            }

            // local_address is ADDRESS:PORT in hex.
            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rowPort) || rowPort != port)
            {
                continue;
            }

            if (long.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var rowDrops))
            {
                drops += rowDrops;
            }
        }

        return drops;
    }
}
