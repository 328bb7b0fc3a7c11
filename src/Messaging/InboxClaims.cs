using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Bazaar.Messaging;

/// <summary>The inbox side of a consumer batch: which (message, handler) pairs are new.</summary>
internal static class InboxClaims
{
    /// <summary>
    /// Claims every (message, handler) pair of the batch in one statement and returns the pairs
    /// that were new. A pair handled before (a redelivery), or twice in this batch (a duplicate),
    /// is claimed at most once; a concurrent claim of the same pair waits for the other transaction.
    /// </summary>
    public static async Task<HashSet<(Guid, string)>> ClaimAsync(DbContext db, IReadOnlyList<(Guid MessageId, string HandlerName)> pairs, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = """
            INSERT INTO inbox_messages (message_id, handler, handled_at)
            SELECT claim.message_id, claim.handler, @now FROM unnest(@ids, @handlers) AS claim(message_id, handler)
            ON CONFLICT DO NOTHING
            RETURNING message_id, handler
            """;
        AddParameter(command, "now", DateTimeOffset.UtcNow);
        AddParameter(command, "ids", pairs.Select(p => p.MessageId).ToArray());
        AddParameter(command, "handlers", pairs.Select(p => p.HandlerName).ToArray());
        var claimed = new HashSet<(Guid, string)>(pairs.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return claimed;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
