namespace Bazaar.Messaging;

/// <summary>
/// Outbox rows the broker returned as unroutable: no queue was bound for their event when they
/// were sent, so no service would have had them. At a first start a subscriber may not have
/// declared its queue yet, so such a row stays unsent and is tried again with backoff until
/// <see cref="MessagingOptions.UnroutedGrace"/> has passed since it occurred; after that it is
/// given up as an event nobody subscribes to (marked sent, logged, counted).
/// </summary>
/// <remarks>Used by one relay loop at a time; the schedule lives in memory, so a restart tries every such row again at once.</remarks>
internal sealed class UnroutedRows(MessagingOptions settings)
{
    private readonly Dictionary<Guid, (int Attempts, DateTimeOffset NextTry)> rows = [];

    /// <summary>Rows waiting for another try.</summary>
    public int Count => rows.Count;

    /// <summary>Whether the row is to be sent now: never returned, or its pause is over.</summary>
    public bool Due(Guid id, DateTimeOffset now) => !rows.TryGetValue(id, out var row) || row.NextTry <= now;

    /// <summary>Schedules another try of a returned row and gives its number; 0 when its grace is over and it is given up.</summary>
    public int Retry(OutboxMessage row, DateTimeOffset now)
    {
        if (now - row.OccurredAt >= settings.UnroutedGrace)
        {
            rows.Remove(row.Id);
            MessagingTelemetry.Unrouted.Add(1);
            return 0;
        }

        var attempts = rows.TryGetValue(row.Id, out var known) ? known.Attempts + 1 : 1;
        rows[row.Id] = (attempts, now + settings.Backoff(attempts));
        return attempts;
    }

    /// <summary>Forgets rows that were sent, and rows not seen for longer than the grace (sent by another instance).</summary>
    public void Forget(IEnumerable<Guid> sent, DateTimeOffset now)
    {
        foreach (var id in sent)
        {
            rows.Remove(id);
        }

        foreach (var stale in rows.Where(r => now - r.Value.NextTry > settings.UnroutedGrace).Select(r => r.Key).ToList())
        {
            rows.Remove(stale);
        }
    }
}
