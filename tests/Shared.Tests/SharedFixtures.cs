namespace KrgLogs.Shared.Tests;

/// <summary>
/// The read-only fixtures in <c>../shared/</c> beside the repository (captures, corpora), read in place.
/// Missing fixtures fail the test: a silently skipped corpus would measure nothing.
/// </summary>
public static class SharedFixtures
{
    public static string Root { get; } = FindRoot();

    /// <summary>The repository itself (where Akka.KrgLogs.sln is).</summary>
    public static string Repository { get; } = FindRepository();

    public static string Captures => Path.Combine(Root, "captures");

    public static string Corpora => Path.Combine(Root, "corpora");

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.KrgLogs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find Akka.KrgLogs.sln above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.KrgLogs.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"the shared fixtures are expected at {shared}");
            }
        }

        throw new InvalidOperationException("cannot find Akka.KrgLogs.sln above " + AppContext.BaseDirectory);
    }
}
