namespace KrgLogs.Benchmarks;

/// <summary>The read-only fixtures in ../shared beside the repository.</summary>
public static class Fixtures
{
    public static string Shared { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.KrgLogs.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
            }
        }

        throw new DirectoryNotFoundException("no Akka.KrgLogs.sln above " + AppContext.BaseDirectory);
    }
}
