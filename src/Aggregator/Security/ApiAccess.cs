using System.Net;
using System.Security.Cryptography;
using System.Text;
using KrgLogs.Aggregator.Hosting;

namespace KrgLogs.Aggregator.Security;

/// <summary>
/// Who may use the HTTP API and page. Loopback needs no token (only local users reach it); any other bind needs
/// <c>--api-token-file</c>, or <c>--insecure</c> to run open on purpose. A token file, when given, is always
/// enforced, loopback or not. The token is compared in constant time (hashes of equal length).
/// </summary>
public sealed class ApiAccess
{
    public const string CookieName = "krglogs_token";

    private readonly byte[]? _tokenHash;
    private long _refused;

    private ApiAccess(byte[]? tokenHash, IReadOnlyList<string> warnings)
    {
        _tokenHash = tokenHash;
        Warnings = warnings;
    }

    /// <summary>Whether requests must carry the token.</summary>
    public bool Enforced => _tokenHash is not null;

    /// <summary>Things the operator should hear about once the log is up (open API on the network, loose file mode).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Requests turned away for a missing or wrong token since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The access rules for these options, or the reason the aggregator must not start.</summary>
    public static (ApiAccess? Access, string? Refusal) Resolve(AggregatorOptions options)
    {
        var warnings = new List<string>();
        if (options.ApiTokenFile is { Length: > 0 } path)
        {
            var (token, problem) = ApiTokenFile.Read(path, warnings);
            return problem is null ? (new ApiAccess(Hash(token!), warnings), null) : (null, problem);
        }

        if (IsLoopback(options.HttpBind))
        {
            return (new ApiAccess(null, warnings), null);
        }

        if (options.Insecure)
        {
            warnings.Add($"The HTTP API listens on {options.HttpBind} without authentication (--insecure): anyone who reaches port {options.HttpPort} can read every log");
            return (new ApiAccess(null, warnings), null);
        }

        return (null,
            $"krglogs: refusing to start: the HTTP API would listen on {options.HttpBind}, reachable from other machines, without authentication. " +
            "Give --api-token-file FILE (a secret token on one line, chmod 600), or --http-bind 127.0.0.1, or --insecure to run it open anyway.");
    }

    /// <summary>127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z); a host name or 0.0.0.0 is not.</summary>
    public static bool IsLoopback(string bind) =>
        IPAddress.TryParse(bind, out var address)
        && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    public bool Accepts(string? presented)
    {
        if (_tokenHash is null)
        {
            return true;
        }

        var ok = presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _tokenHash);
        if (!ok)
        {
            Interlocked.Increment(ref _refused);
        }

        return ok;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
