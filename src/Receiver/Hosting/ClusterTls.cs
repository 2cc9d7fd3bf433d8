using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// Turns <see cref="ClusterTlsOptions"/> into Akka remoting's TLS: mutual authentication (both ends of every
/// connection show a certificate), each checked against the cluster's CA, host names not checked (members are
/// known by address, and certificates are per member). A stranger without a certificate from that CA cannot
/// complete a handshake, so it can neither join nor read cluster messages.
/// </summary>
public static class ClusterTls
{
    /// <summary>The address scheme of members when TLS is on (DotNetty names its SSL transport so).</summary>
    public const string TlsScheme = "akka.ssl.tcp";

    public const string PlainScheme = "akka.tcp";

    public static RemoteOptions WithClusterTls(this RemoteOptions remote, IConfiguration configuration)
    {
        var options = configuration.Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (!options.Enabled)
        {
            return remote;
        }

        var ca = options.TlsCa is null ? null : X509CertificateLoader.LoadCertificateFromFile(options.TlsCa);
        remote.EnableSsl = true;
        remote.Ssl = new SslOptions
        {
            X509Certificate = LoadCertificate(options),
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            ValidateCertificateHostname = false,
            CustomValidator = ca is null ? null : (peer, _, remoteAddress, _, log) => ChainsTo(peer, ca, remoteAddress, log),
        };
        return remote;
    }

    /// <summary>Seed addresses in the scheme the transport uses, so <c>akka.tcp://…</c> seeds work with TLS on.</summary>
    public static string[] Seeds(IEnumerable<string> seeds, IConfiguration configuration)
    {
        var tls = (configuration.Get<ClusterTlsOptions>() ?? new ClusterTlsOptions()).Enabled;
        return [.. seeds.Select(seed => tls && seed.StartsWith(PlainScheme + "://", StringComparison.Ordinal)
            ? TlsScheme + seed[PlainScheme.Length..]
            : seed)];
    }

    public static X509Certificate2 LoadCertificate(ClusterTlsOptions options)
    {
        if (options.TlsPfx is { } pfx)
        {
            var password = options.TlsPasswordFile is { } file ? File.ReadAllText(file).Split('\n', 2)[0].TrimEnd('\r') : null;
            return X509CertificateLoader.LoadPkcs12FromFile(pfx, password);
        }

        if (options.TlsKey is null)
        {
            throw new InvalidOperationException("--tls-cert needs --tls-key (the certificate's private key, PEM)");
        }

        // Through PKCS#12 so the private key is a persisted one SslStream can use as a server.
        using var pem = X509Certificate2.CreateFromPemFile(options.TlsCert!, options.TlsKey);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Whether <paramref name="peer"/> chains to <paramref name="ca"/> (and only to it), with valid dates.</summary>
    public static bool ChainsTo(X509Certificate2? peer, X509Certificate2 ca, string? remote, ILoggingAdapter? log)
    {
        if (peer is null)
        {
            log?.Warning("TLS: {0} showed no certificate; refused", remote);
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(peer);
        if (!ok)
        {
            log?.Warning(
                "TLS: refused {0}: its certificate {1} does not chain to the cluster CA {2} ({3})",
                remote, peer.Subject, ca.Subject, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())));
        }

        return ok;
    }
}
