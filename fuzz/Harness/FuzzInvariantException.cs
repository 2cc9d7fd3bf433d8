namespace KrgLogs.Fuzz;

/// <summary>A decoder returned without throwing but broke one of its promises: a crash for the fuzzer.</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
