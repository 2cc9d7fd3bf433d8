namespace KrgLogs.Receiver.Hosting;

/// <summary>
/// TLS for cluster (Akka remoting) traffic, the same for aggregators and receivers. Set either
/// <see cref="TlsCert"/> and <see cref="TlsKey"/> (PEM) or <see cref="TlsPfx"/> (PKCS#12, password in
/// <see cref="TlsPasswordFile"/>); <see cref="TlsCa"/> is the CA every member's certificate must chain to.
/// </summary>
public sealed record ClusterTlsOptions
{
    public string? TlsCert { get; init; }

    public string? TlsKey { get; init; }

    public string? TlsPfx { get; init; }

    public string? TlsPasswordFile { get; init; }

    /// <summary>PEM file of the cluster's CA. Unset: peers are checked against the system's trusted roots.</summary>
    public string? TlsCa { get; init; }

    public bool Enabled => TlsCert is not null || TlsPfx is not null;
}
