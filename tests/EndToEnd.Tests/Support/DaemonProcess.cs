using System.Diagnostics;
using System.Text;

namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>A real daemon (rsyslogd, syslog-ng) run in the foreground by a test, killed when the test ends.</summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

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

    public static DaemonProcess Start(string program, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var daemon = new DaemonProcess(new Process { StartInfo = start });
        daemon._process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        daemon._process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        daemon._process.Start();
        daemon._process.BeginOutputReadLine();
        daemon._process.BeginErrorReadLine();
        return daemon;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
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
}
