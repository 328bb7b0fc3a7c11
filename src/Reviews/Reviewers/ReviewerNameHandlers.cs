using Bazaar.Contracts.Identity;
using Bazaar.Messaging;
using Bazaar.Reviews.Data;

namespace Bazaar.Reviews.Reviewers;

/// <summary>A new user's name, so that their reviews show it.</summary>
public sealed class RecordRegisteredReviewer(ReviewsDb db) : IEventHandler<UserRegistered>
{
    public Task HandleAsync(UserRegistered @event, EventContext context, CancellationToken cancellationToken) =>
        ReviewerNames.RecordAsync(db, @event.UserId, @event.Name, @event.RegisteredAt, cancellationToken);
}

/// <summary>A renamed user: every review of theirs shows the new name from now on.</summary>
public sealed class RecordRenamedReviewer(ReviewsDb db) : IEventHandler<UserProfileUpdated>
{
    public Task HandleAsync(UserProfileUpdated @event, EventContext context, CancellationToken cancellationToken) =>
        ReviewerNames.RecordAsync(db, @event.UserId, @event.Name, @event.UpdatedAt, cancellationToken);
}

internal static class ReviewerNames
{
    /// <summary>
    /// Upserts the name unless a newer one is already known. Two handlers inserting the same new user
    /// at once collide on the key; the loser throws, is retried, and then finds the row.
    /// </summary>
    public static async Task RecordAsync(ReviewsDb db, Guid userId, string? name, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return; // nothing to show; the fallback name stays
        }

        var reviewer = await db.Reviewers.FindAsync([userId], cancellationToken);
        if (reviewer is null)
        {
            db.Reviewers.Add(Reviewer.Create(userId, trimmed, asOf));
        }
        else
        {
            reviewer.Rename(trimmed, asOf);
        }
    }
}
