namespace KrgLogs.Aggregator.Api;

/// <summary><paramref name="Next"/>: pass it back as <c>after</c> for the next page; absent at the end.</summary>
public sealed record SearchResultDto(IReadOnlyList<SearchHitDto> Hits, string? Next);
