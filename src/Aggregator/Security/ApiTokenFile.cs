namespace KrgLogs.Aggregator.Security;

/// <summary>
/// The API token's file: its first line, trimmed. A file others may read is refused (the token would be no
/// secret); one the group may read is accepted with a warning.
/// </summary>
public static class ApiTokenFile
{
    /// <summary>Minimum length, so a token cannot be guessed by trying.</summary>
    public const int MinLength = 16;

    public static (string? Token, string? Problem) Read(string path, List<string> warnings)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"krglogs: cannot read the API token file {path}: {e.Message}");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                return (null, $"krglogs: the API token file {path} is readable by every user (mode {Octal(mode)}): chmod 600 {path}");
            }

            if ((mode & UnixFileMode.GroupRead) != 0)
            {
                warnings.Add($"The API token file {path} is readable by its group (mode {Octal(mode)}); chmod 600 makes it the owner's only");
            }
        }

        var token = text.Split('\n', 2)[0].Trim();
        if (token.Length < MinLength)
        {
            return (null, $"krglogs: the API token in {path} is {token.Length} characters long; use at least {MinLength} (e.g. openssl rand -hex 32 > {path})");
        }

        return (token, null);
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1ff, 8);
}
