namespace KrgLogs.Aggregator.Crashes;

public static class CrashTopic
{
    /// <summary>The cluster pub-sub topic of <see cref="CrashDetected"/> and <see cref="CrashStarted"/>.</summary>
    public const string Name = "crashes";

    /// <summary>The journal tag of persisted <see cref="CrashDetected"/> events, for read-side queries.</summary>
    public const string Tag = "crash";
}
