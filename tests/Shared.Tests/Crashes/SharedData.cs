namespace KrgLogs.Shared.Tests.Crashes;

/// <summary>Finds the team's read-only data (<c>../shared</c> next to the repository root), read in place.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> RootPath = new(Locate);

    public static string Root => RootPath.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (dir.Parent is not null && Directory.Exists(System.IO.Path.Combine(dir.Parent.FullName, "shared"))
                && File.Exists(System.IO.Path.Combine(dir.FullName, "Akka.KrgLogs.sln")))
            {
                return System.IO.Path.Combine(dir.Parent.FullName, "shared");
            }

            if (Directory.Exists(System.IO.Path.Combine(candidate, "corpora")) && Directory.Exists(System.IO.Path.Combine(candidate, "captures")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("No ../shared directory above " + AppContext.BaseDirectory);
    }
}
