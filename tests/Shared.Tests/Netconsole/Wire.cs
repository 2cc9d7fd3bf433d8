using System.Text;
using KrgLogs.Shared.Lines;
using KrgLogs.Shared.Netconsole;

namespace KrgLogs.Shared.Tests.Netconsole;

/// <summary>Builds netconsole datagrams as a kernel would, and runs a decoder over them.</summary>
public static class Wire
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    public static byte[] Ext(long seq, string body, int priority = 6, long usec = -1, char flag = '-', string fields = "") =>
        Bytes($"{priority},{seq},{(usec < 0 ? 1000 + seq : usec)},{flag}{fields};{body}\n");

    /// <summary>Fragments of one record body cut at the given offsets (as netconsole's ncfrag).</summary>
    public static List<byte[]> Fragments(long seq, byte[] body, IEnumerable<int> cuts, int priority = 6, string fields = "")
    {
        var bounds = cuts.Where(c => c > 0 && c < body.Length).Distinct().Order().Prepend(0).Append(body.Length).ToList();
        var result = new List<byte[]>();
        for (var i = 0; i + 1 < bounds.Count; i++)
        {
            var header = Bytes($"{priority},{seq},{1000 + seq},-{fields},ncfrag={bounds[i]}/{body.Length};");
            result.Add([.. header, .. body.AsSpan(bounds[i], bounds[i + 1] - bounds[i])]);
        }

        return result;
    }

    public static List<LogLine> Run(NetconsoleDecoder decoder, IEnumerable<byte[]> datagrams, bool flush = true)
    {
        var lines = new List<LogLine>();
        foreach (var d in datagrams)
        {
            decoder.Accept(d, T0, lines);
        }

        if (flush)
        {
            decoder.Flush(T0, lines);
        }

        return lines;
    }

    public static List<LogLine> Run(IEnumerable<byte[]> datagrams, NetconsoleOptions? options = null) =>
        Run(new NetconsoleDecoder(options ?? NetconsoleOptions.Default), datagrams);

    public static List<string> Texts(this IEnumerable<LogLine> lines) => lines.Select(l => l.Text).ToList();
}
