using System.Diagnostics;
using System.Globalization;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>
/// A private PostgreSQL 15 for one test class: its own data dir in a temp dir, its own port on 127.0.0.1, its
/// socket in the temp dir. Run as the postgres user (the server refuses root); stopped and deleted at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-pg-").FullName;

    public int Port { get; } = FreePorts.Next();

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=krglogs;Pooling=true;Timeout=15";

    private string DataDir => Path.Combine(_dir, "data");

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(Path.Combine(Bin, "postgres")), $"PostgreSQL 15 is not installed under {Bin}: ./test.sh installs it");
        await Run("chown", "postgres:postgres", _dir);
        await AsPostgres(Path.Combine(Bin, "initdb"), "-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await AsPostgres(
            Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start");
        await Psql("postgres", "CREATE DATABASE krglogs");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsPostgres(Path.Combine(Bin, "pg_ctl"), "-D", DataDir, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Runs SQL in the krglogs database with psql; returns its unaligned, tuples-only output.</summary>
    public async Task<string> SqlAsync(string sql) => (await Psql("krglogs", sql)).Trim();

    private Task<string> Psql(string database, string sql) =>
        AsPostgres("/usr/bin/psql", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);

    private static Task<string> AsPostgres(params string[] command) => Run("runuser", ["-u", "postgres", "--", .. command]);

    private static async Task<string> Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }

        return await stdout;
    }
}
