namespace KrgLogs.Cli;

/// <summary>What the exit status means, for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int ServerError = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Unreachable = 4;

    /// <summary>The aggregator wants an API token and got none or a wrong one.</summary>
    public const int Unauthorized = 5;
}
