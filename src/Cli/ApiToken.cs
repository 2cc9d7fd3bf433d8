namespace KrgLogs.Cli;

/// <summary>
/// The API token the CLI sends as <c>Authorization: Bearer</c>: from <c>--token-file FILE</c> (its first line), else
/// from <c>$KRGLOGS_TOKEN</c>; none when neither is set (a loopback aggregator needs none).
/// </summary>
public static class ApiToken
{
    public static string? Find(string? tokenFile, string? environmentToken)
    {
        if (tokenFile is not null)
        {
            try
            {
                var token = File.ReadAllText(tokenFile).Split('\n', 2)[0].Trim();
                return token.Length > 0 ? token : throw new CliException(ExitCodes.Usage, $"--token-file {tokenFile} is empty");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, $"cannot read --token-file {tokenFile}: {e.Message}");
            }
        }

        return string.IsNullOrWhiteSpace(environmentToken) ? null : environmentToken.Trim();
    }
}
