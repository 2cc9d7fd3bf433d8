using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>The real aggregator, started as its own process on free loopback ports and a temp data dir.</summary>
public sealed partial class AggregatorProcess : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AggregatorProcess(Process process, string dataDir, int udpPort, int httpPort, int clusterPort)
    {
        _process = process;
        DataDir = dataDir;
        UdpPort = udpPort;
        HttpPort = httpPort;
        ClusterPort = clusterPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDir { get; }

    public int UdpPort { get; }

    public int HttpPort { get; }

    public int ClusterPort { get; }

    public HttpClient Http { get; }

    public string ServerUrl => $"http://127.0.0.1:{HttpPort}";

    public string ClusterAddress => $"akka.tcp://krglogs@127.0.0.1:{ClusterPort}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AggregatorProcess> StartAsync(
        string dataDir, int? udpPort = null, int? httpPort = null, int? clusterPort = null, IEnumerable<string>? extraArgs = null)
    {
        udpPort ??= FreePorts.Next();
        httpPort ??= FreePorts.Next();
        clusterPort ??= FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                RepoPaths.AggregatorDll,
                "--data-dir", dataDir,
                "--udp-port", udpPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--http-port", httpPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--cluster-port", clusterPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in extraArgs ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var aggregator = new AggregatorProcess(process, dataDir, udpPort.Value, httpPort.Value, clusterPort.Value);
        process.OutputDataReceived += (_, e) => aggregator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => aggregator.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await aggregator.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return aggregator;
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        await Eventually.Get(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"aggregator exited with {_process.ExitCode}:\n{Output}");
                }

                using var response = await Http.GetAsync("healthz");
                return (int?)response.StatusCode;
            },
            status => status == 200,
            timeout,
            "aggregator /healthz answers 200");
    }

    public async Task<T> GetJsonAsync<T>(string path) =>
        (await Http.GetFromJsonAsync<T>(path, Json))!;

    /// <summary>Ctrl-C, as a user would: SIGINT, then wait for a clean exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigInt);
            using var wait = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw new TimeoutException($"aggregator did not stop within {timeout} of SIGINT:\n{Output}");
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
