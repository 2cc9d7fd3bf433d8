using System.Runtime.InteropServices;

namespace KrgLogs.Aggregator.Projections;

/// <summary>
/// How many files this process may have open (the soft <c>RLIMIT_NOFILE</c>, which .NET raises to the hard limit at
/// start), so that keeping files open never starves the journal, the index and the sockets of descriptors.
/// </summary>
internal static partial class OpenFileLimit
{
    private const int NoFile = 7; // RLIMIT_NOFILE on Linux (x86-64 and arm64)

    /// <summary>The limit, or null where it cannot be read.</summary>
    public static long? Current() =>
        OperatingSystem.IsLinux() && GetRLimit(NoFile, out var limit) == 0 ? (long)Math.Min(limit.Current, long.MaxValue) : null;

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
