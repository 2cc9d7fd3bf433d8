using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KrgLogs.Receiver.Hosting;
using Microsoft.Extensions.Configuration;

namespace KrgLogs.Receiver.Tests.Hosting;

/// <summary>The peer check of cluster TLS, with certificates made in memory (the E2E test uses deploy/tls/make-test-ca.sh).</summary>
public sealed class ClusterTlsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void A_member_certificate_from_the_cluster_ca_is_accepted()
    {
        using var ca = Ca("cluster CA");
        using var member = Issue(ca, "member");
        Assert.True(ClusterTls.ChainsTo(member, ca, "peer", null));
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused()
    {
        using var ca = Ca("cluster CA");
        using var other = Ca("another CA");
        using var stranger = Issue(other, "stranger");
        Assert.False(ClusterTls.ChainsTo(stranger, ca, "peer", null));
    }

    [Fact]
    public void A_self_signed_certificate_with_the_ca_name_is_refused()
    {
        using var ca = Ca("cluster CA");
        using var forged = Ca("cluster CA"); // same subject, other key
        using var stranger = Issue(forged, "member");
        Assert.False(ClusterTls.ChainsTo(stranger, ca, "peer", null));
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        using var ca = Ca("cluster CA");
        Assert.False(ClusterTls.ChainsTo(null, ca, "peer", null));
    }

    [Fact]
    public void An_expired_member_certificate_is_refused()
    {
        using var ca = Ca("cluster CA");
        using var member = Issue(ca, "member", Now.AddDays(-10), Now.AddDays(-1));
        Assert.False(ClusterTls.ChainsTo(member, ca, "peer", null));
    }

    [Fact]
    public void Plain_seeds_take_the_tls_scheme_when_tls_is_on()
    {
        var tls = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TlsPfx"] = "m.pfx" }).Build();
        var plain = new ConfigurationBuilder().Build();
        string[] seeds = ["akka.tcp://krglogs@10.0.0.1:6681", "akka.ssl.tcp://krglogs@10.0.0.2:6681"];
        Assert.Equal(["akka.ssl.tcp://krglogs@10.0.0.1:6681", "akka.ssl.tcp://krglogs@10.0.0.2:6681"], ClusterTls.Seeds(seeds, tls));
        Assert.Equal(seeds, ClusterTls.Seeds(seeds, plain));
    }

    [Fact]
    public void A_pem_certificate_needs_its_key()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClusterTls.LoadCertificate(new ClusterTlsOptions { TlsCert = "member.crt" }));
        Assert.Contains("--tls-key", e.Message, StringComparison.Ordinal);
    }

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(Now.AddDays(-30), Now.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, DateTimeOffset? from = null, DateTimeOffset? until = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var issued = request.Create(ca, from ?? Now.AddDays(-1), until ?? Now.AddDays(10), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
