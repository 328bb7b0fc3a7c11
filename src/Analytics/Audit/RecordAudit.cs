using Bazaar.Analytics.Data;
using Bazaar.Analytics.Events;
using Bazaar.Contracts.Audit;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Audit;

/// <summary>
/// Keeps an AuditRecorded as a row of the audit log (and, like every event, of the event store). The inbox claim commits with the row, so a
/// redelivered message adds nothing; an entry announced twice under two message ids is kept once.
/// </summary>
public sealed class RecordAudit(AnalyticsDb db) : IEventHandler<AuditRecorded>
{
    public async Task HandleAsync(AuditRecorded @event, EventContext context, CancellationToken cancellationToken)
    {
        if (await db.AuditEntries.AnyAsync(e => e.Id == @event.AuditId, cancellationToken))
        {
            return;
        }

        db.Events.Add(IntegrationEventRows.From(@event, context));
        db.AuditEntries.Add(AuditEntry.From(@event));
    }
}
