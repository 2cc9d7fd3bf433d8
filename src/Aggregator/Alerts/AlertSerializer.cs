using Akka.Actor;
using Akka.Serialization;

namespace KrgLogs.Aggregator.Alerts;

/// <summary>The webhook offset events and snapshots: a contract like every persisted event (versioned manifests).</summary>
public sealed class AlertSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7106;

    private const string DeliveredManifest = "webhook-delivered.v1";
    private const string OffsetManifest = "webhook-offset.v1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        WebhookDelivered => DeliveredManifest,
        WebhookOffset => OffsetManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not an alert message", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        WebhookDelivered d => BitConverter.GetBytes(d.Offset),
        WebhookOffset s => BitConverter.GetBytes(s.Offset),
        _ => throw new ArgumentException($"{obj.GetType()} is not an alert message", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        DeliveredManifest => new WebhookDelivered(BitConverter.ToInt64(bytes)),
        OffsetManifest => new WebhookOffset(BitConverter.ToInt64(bytes)),
        _ => throw new System.Runtime.Serialization.SerializationException($"unknown alert manifest '{manifest}'"),
    };
}
