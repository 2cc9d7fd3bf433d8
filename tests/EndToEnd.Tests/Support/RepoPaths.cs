namespace KrgLogs.EndToEnd.Tests.Support;

/// <summary>Finds the repository (and the shared fixtures beside it) from the test binary's location.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the same configuration the tests were built in.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string AggregatorDll => Built("src/Aggregator", "KrgLogs.Aggregator.dll");

    public static string CliDll => Built("src/Cli", "krglogs.dll");

    public static string ReceiverDll => Built("src/Receiver", "KrgLogs.Receiver.dll");

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built", path);
    }

    private static string FindRoot()
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
}
