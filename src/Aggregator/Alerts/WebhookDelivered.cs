namespace KrgLogs.Aggregator.Alerts;

/// <summary>Marks the alert messages and events bound to <see cref="AlertSerializer"/>.</summary>
public interface IAlertMessage;

/// <summary>Persisted by a webhook's delivery actor: every crash up to this journal offset was acknowledged (2xx).</summary>
public sealed record WebhookDelivered(long Offset) : IAlertMessage;

/// <summary>Snapshot of a webhook's delivery actor: the offset delivered up to.</summary>
public sealed record WebhookOffset(long Offset) : IAlertMessage;
