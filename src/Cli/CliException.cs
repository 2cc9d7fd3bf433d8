namespace KrgLogs.Cli;

/// <summary>A failure the user should read, with the exit status it maps to.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
