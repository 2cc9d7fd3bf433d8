namespace KrgLogs.Aggregator.Hosting;

/// <summary>
/// Where an aggregator keeps its data and listens. Bound from configuration: appsettings.json, then
/// <c>KRGLOGS_*</c> environment variables, then command-line options (see <see cref="KrgLogsConfiguration"/>).
/// </summary>
public sealed record AggregatorOptions
{
    /// <summary>SQLite database and (later) per-node files live here.</summary>
    public string DataDir { get; init; } = "./data";

    /// <summary>The HTTP API binds to loopback by default; elsewhere it needs a token (see <see cref="ApiTokenFile"/>).</summary>
    public string HttpBind { get; init; } = "127.0.0.1";

    public int HttpPort { get; init; } = 6680;

    /// <summary>Akka remoting address of this member.</summary>
    public string ClusterHost { get; init; } = "127.0.0.1";

    public int ClusterPort { get; init; } = 6681;

    /// <summary>Host name other members reach this one by, when it differs from <see cref="ClusterHost"/> (NAT, 0.0.0.0).</summary>
    public string? PublicHost { get; init; }

    /// <summary>
    /// Comma-separated Akka addresses of seed members (<c>akka.tcp://krglogs@host:port</c>). Empty: this member is
    /// its own seed, a single-node cluster.
    /// </summary>
    public string? Seeds { get; init; }

    /// <summary>
    /// An ADO.NET connection string (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>): journal, snapshots and
    /// tags in PostgreSQL, shared by several aggregators. Unset: SQLite in <see cref="DataDir"/>.
    /// </summary>
    public string? Postgres { get; init; }

    /// <summary>Run without the embedded receiver (collectors run elsewhere).</summary>
    public bool NoReceiver { get; init; }

    /// <summary>Time zone of RFC 3164 syslog timestamps (they carry none), as an IANA name; UTC when unset.</summary>
    public string? SyslogTimeZone { get; init; }

    /// <summary>Ask timeout for API queries to entities.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where per-node files go; <c>&lt;DataDir&gt;/logs</c> when unset.</summary>
    public string? LogDir { get; init; }

    /// <summary>Write <c>&lt;LogDir&gt;/&lt;node&gt;.log</c> for tail, grep and logrotate.</summary>
    public bool LogFiles { get; init; } = true;

    /// <summary>Bound from <c>--no-log-files true</c>: the command-line provider wants a value after a switch.</summary>
    public bool NoLogFiles { get; init; }

    /// <summary>A file holding the HTTP API's bearer token; when set, every request but /healthz and /login needs it.</summary>
    public string? ApiTokenFile { get; init; }

    /// <summary>Allow the HTTP API on a non-loopback address without a token.</summary>
    public bool Insecure { get; init; }

    public string DatabasePath => Path.Combine(DataDir, "krglogs.db");

    public string LogDirectory => LogDir ?? Path.Combine(DataDir, "logs");

    public bool WriteLogFiles => LogFiles && !NoLogFiles;

    /// <summary>The SQLite search index file; <c>&lt;DataDir&gt;/index.db</c> when unset (with <see cref="Postgres"/> the index is there).</summary>
    public string? IndexPath { get; init; }

    /// <summary>Keep the search index (search and range queries need it).</summary>
    public bool Index { get; init; } = true;

    /// <summary>Bound from <c>--no-index true</c>.</summary>
    public bool NoIndex { get; init; }

    /// <summary>Most lines one search request reads when the index cannot narrow it (a regex with no literal, a 1–2 character substring).</summary>
    public int IndexScanBudget { get; init; } = 100_000;

    /// <summary>Longest one search request reads before it answers with what it found and a cursor to go on from.</summary>
    public TimeSpan IndexScanTime { get; init; } = TimeSpan.FromMilliseconds(600);

    public string IndexDatabasePath => IndexPath ?? Path.Combine(DataDir, "index.db");

    public bool UseIndex => Index && !NoIndex;

    // --- Alerts and incidents ---

    /// <summary>Webhook URLs that get a JSON POST per crash report (<c>--webhook URL</c>, repeatable).</summary>
    public string[] Webhooks { get; init; } = [];

    /// <summary>Wait after a webhook's first failed try; doubled per failure up to <see cref="WebhookRetryMax"/>.</summary>
    public TimeSpan WebhookRetryFirst { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan WebhookRetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one webhook POST may take before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The same crash title on several nodes this close together is one incident.</summary>
    public TimeSpan IncidentWindow { get; init; } = TimeSpan.FromMinutes(10);
}
