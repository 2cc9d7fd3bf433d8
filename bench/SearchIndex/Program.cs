using System.Diagnostics;
using System.Globalization;
using KrgLogs.Aggregator.Search;
using KrgLogs.Shared.Lines;

// Fills a SQLite search index with N realistic kernel/syslog lines through the real writer (SqliteLineIndex.Write,
// batches of 50,000 lines as the projection writes under load; BENCH_EVENTS_PER_BATCH events of BENCH_LINES_PER_EVENT
// lines, 1000 and 50 unless set), then times searches through the real LineSearch. BENCH_TEXT=FILE: the lines' text is
// taken from a real console log (timestamps cut, cycling) instead of the templates below, whose trigrams repeat far
// more than real text's and so flatter the index.
// usage: dotnet run -c Release --project bench/SearchIndex -- LINES [INDEX_FILE]
var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"krglogs-bench-index-{total}.db");
const int Nodes = 1000;
var perEvent = int.Parse(Environment.GetEnvironmentVariable("BENCH_LINES_PER_EVENT") ?? "50", CultureInfo.InvariantCulture);
string[]? realText = Environment.GetEnvironmentVariable("BENCH_TEXT") is { } textPath
    ? [.. File.ReadLines(textPath).Select(line => System.Text.RegularExpressions.Regex.Replace(line, @"^\[\s*\d+\.\d+\]\s?", string.Empty).TrimEnd()).Where(line => line.Length > 0)]
    : null;
var eventsPerBatch = int.Parse(Environment.GetEnvironmentVariable("BENCH_EVENTS_PER_BATCH") ?? "1000", CultureInfo.InvariantCulture);

string[] templates =
[
    "usb {0}-1: new high-speed USB device number {1} using xhci_hcd",
    "EXT4-fs (sda{0}): mounted filesystem with ordered data mode. Quota mode: none.",
    "systemd[1]: Started Session {1} of User root.",
    "sshd[{1}]: Accepted publickey for root from 10.1.{0}.7 port {1} ssh2",
    "e1000e 0000:00:1f.6 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None",
    "slurmd[{1}]: launch task StepId={1}.0 request from UID:{0}",
    "nfs: server storage{0} not responding, still trying",
    "CPU{0}: Core temperature above threshold, cpu clock throttled (total events = {1})",
];
var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
var existing = File.Exists(path);
using var index = new SqliteLineIndex(path);
if (!existing || index.ReadOffset() == 0)
{
    var clock = Stopwatch.StartNew();
    var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    var stepCpu = cpuStart;
    var stepLines = 0;
    var written = 0;
    long offset = 0;
    var random = new Random(42);
    while (written < total)
    {
        var batch = new List<IndexedEvent>(eventsPerBatch);
        for (var e = 0; e < eventsPerBatch && written < total; e++)
        {
            var node = $"cn{random.Next(Nodes):D4}";
            var lines = new List<LogLine>(perEvent);
            for (var i = 0; i < perEvent && written < total; i++, written++)
            {
                // ~10 lines per second per node, over about 11 days for 10M lines; one rare needle per 1M lines.
                var at = start.AddMilliseconds(written * 0.1);
                var text = written % 1_000_000 == 500_000
                    ? $"BUG: kernel NULL pointer dereference, address: 00000000000000{written % 97:D2} needle"
                    : realText is not null ? realText[written % realText.Length]
                    : string.Format(CultureInfo.InvariantCulture, templates[random.Next(templates.Length)], random.Next(64), random.Next(100_000));
                lines.Add(new LogLine(text, at, i % 4 == 0 ? LogStream.Syslog : LogStream.Kernel, Level: random.Next(8)));
            }

            batch.Add(new IndexedEvent(++offset, node, lines));
        }

        index.Write(batch);
        stepLines += batch.Sum(b => b.Lines.Count);
        if (written % 500_000 < perEvent * eventsPerBatch)
        {
            var cpuNow = Process.GetCurrentProcess().TotalProcessorTime;
            Console.WriteLine($"{written:N0} lines, {written / clock.Elapsed.TotalSeconds:N0} lines/s; last {stepLines:N0} lines: {(cpuNow - stepCpu).TotalMicroseconds / stepLines:N1} µs CPU per line");
            stepCpu = cpuNow;
            stepLines = 0;
        }
    }

    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
    Console.WriteLine($"filled {written:N0} lines in {clock.Elapsed.TotalSeconds:N0} s ({written / clock.Elapsed.TotalSeconds:N0} lines/s), {cpu.TotalMicroseconds / written:N1} µs CPU per line ({written / cpu.TotalSeconds:N0} lines per CPU-second), {new FileInfo(path).Length / 1e9:N2} GB");
}

if (Environment.GetEnvironmentVariable("BENCH_NO_SEARCH") is "1")
{
    return;
}

var search = new LineSearch(index);
(string Name, LineQuery Query)[] cases =
[
    ("rare substring (1 per 1M lines)", Q(q: "null pointer dereference")),
    ("common substring (1 in 8 lines)", Q(q: "not responding")),
    ("common substring, node-filtered", Q(q: "usb", node: "cn0042")),
    ("rare substring, time range 1 h", Q(q: "needle", from: start.AddHours(10).ToString("O"), to: start.AddHours(11).ToString("O"))),
    ("regex with a literal", Q(q: @"Core temperature above threshold.*events = 9\d{3}\)", re: "true")),
    ("regex without a literal (budgeted scan)", Q(q: @"\d{5} request from UID:6\d$", re: "true")),
    ("node range, 100 newest", Q(node: "cn0007")),
];
foreach (var (name, query) in cases)
{
    await search.RunAsync(query, CancellationToken.None); // warm the page cache once
    var times = new List<double>();
    SearchPage page = null!;
    for (var run = 0; run < 5; run++)
    {
        var clock = Stopwatch.StartNew();
        page = await search.RunAsync(query, CancellationToken.None);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"| {name} | {page.Hits.Count} | {page.Examined:N0} | {times[2]:N1} ms | {times[^1]:N1} ms |");
}

static LineQuery Q(string? q = null, string? node = null, string? from = null, string? to = null, string? re = null) =>
    LineQueryParser.Parse(q: q, node: node, from: from, to: to, re: re).Query!;
