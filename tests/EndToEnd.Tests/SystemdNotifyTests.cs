using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using KrgLogs.EndToEnd.Tests.Support;

namespace KrgLogs.EndToEnd.Tests;

/// <summary>
/// Type=notify without systemd: the aggregator and the standalone collector, started the way systemd starts a
/// service (a parent process named <c>systemd</c>, <c>NOTIFY_SOCKET</c> naming a datagram socket the test
/// binds) with the example configuration (<c>KRGLOGS_CONFIG</c>), send READY=1 once up and STOPPING=1 on
/// SIGTERM, then exit 0.
/// </summary>
public sealed partial class SystemdNotifyTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("krglogs-notify-").FullName;

    [Fact]
    public async Task Aggregator_and_collector_tell_systemd_they_are_ready_and_stopping()
    {
        var aggregatorHttp = FreePorts.Next();
        var aggregatorCluster = FreePorts.Next();
        // As the unit runs it: the example configuration file (command-line ports win over its 6666/6680/6681).
        var example = new Dictionary<string, string> { ["KRGLOGS_CONFIG"] = Path.Combine(RepoPaths.Root, "deploy", "krglogs.example.json") };
        await using var aggregator = Service.Start(_dir, "aggregator", RepoPaths.AggregatorDll, example,
            "--data-dir", Path.Combine(_dir, "data"), "--udp-port", Port(FreePorts.Next()), "--http-port", Port(aggregatorHttp), "--cluster-port", Port(aggregatorCluster));
        await aggregator.WaitForAsync("READY=1");
        using (var http = new HttpClient())
        {
            // READY=1 comes once the host has started: the API answers.
            using var health = await http.GetAsync($"http://127.0.0.1:{aggregatorHttp}/healthz", TestContext.Current.CancellationToken);
        }

        await using var collector = Service.Start(_dir, "collector", RepoPaths.ReceiverDll, example,
            "--seeds", $"akka.tcp://krglogs@127.0.0.1:{aggregatorCluster}", "--udp-port", Port(FreePorts.Next()), "--cluster-port", "0");
        await collector.WaitForAsync("READY=1");

        foreach (var service in new[] { collector, aggregator })
        {
            service.Terminate();
            await service.WaitForAsync("STOPPING=1");
            Assert.True(await service.ExitCodeAsync() == 0, $"{service.Name} did not exit 0 after SIGTERM:\n{service.Output}");
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A krglogs process under a stand-in parent named <c>systemd</c>, with its own notify socket.</summary>
    private sealed partial class Service : IAsyncDisposable
    {
        private readonly Process _parent;
        private readonly Socket _notify;
        private readonly StringBuilder _output = new();
        private readonly List<string> _messages = [];

        private Service(string name, Process parent, Socket notify)
        {
            Name = name;
            _parent = parent;
            _notify = notify;
        }

        public string Name { get; }

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

        public static Service Start(string dir, string name, string dll, IDictionary<string, string> environment, params string[] args)
        {
            // Microsoft.Extensions.Hosting.Systemd 10.0 knows it runs under systemd when its parent is called systemd.
            var bin = Directory.CreateDirectory(Path.Combine(dir, name + "-bin")).FullName;
            var standIn = Path.Combine(bin, "systemd");
            File.CreateSymbolicLink(standIn, "/bin/sh");
            var socketPath = Path.Combine(dir, name + ".notify");
            var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(socketPath));

            // "$@" followed by another command: sh forks the service instead of becoming it, and stays its parent.
            var start = new ProcessStartInfo(standIn) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-c", "\"$@\"; exit $?", "systemd", "dotnet", dll }.Concat(args))
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            start.Environment["NOTIFY_SOCKET"] = socketPath;
            var parent = new Process { StartInfo = start };
            var service = new Service(name, parent, notify);
            parent.OutputDataReceived += (_, e) => service.Append(e.Data);
            parent.ErrorDataReceived += (_, e) => service.Append(e.Data);
            parent.Start();
            parent.BeginOutputReadLine();
            parent.BeginErrorReadLine();
            return service;
        }

        public async Task WaitForAsync(string message)
        {
            using var deadline = new CancellationTokenSource(Limit);
            var buffer = new byte[4096];
            while (!_messages.Any(m => m.Split('\n').Contains(message)))
            {
                try
                {
                    var received = await _notify.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                    _messages.Add(Encoding.UTF8.GetString(buffer, 0, received));
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"{Name}: no {message} on NOTIFY_SOCKET within {Limit} (got: {string.Join(" | ", _messages)}):\n{Output}");
                }
            }
        }

        /// <summary>What systemd does on stop: SIGTERM to the main process (the service, not the stand-in).</summary>
        public void Terminate()
        {
            var children = File.ReadAllText($"/proc/{_parent.Id}/task/{_parent.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var main = int.Parse(Assert.Single(children), CultureInfo.InvariantCulture);
            Assert.Equal(0, Kill(main, SigTerm));
        }

        public async Task<int> ExitCodeAsync()
        {
            using var deadline = new CancellationTokenSource(Limit);
            await _parent.WaitForExitAsync(deadline.Token);
            return _parent.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_parent.HasExited)
            {
                _parent.Kill(entireProcessTree: true);
                await _parent.WaitForExitAsync();
            }

            _parent.Dispose();
            _notify.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private const int SigTerm = 15;

        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static partial int Kill(int pid, int signal);
    }
}
