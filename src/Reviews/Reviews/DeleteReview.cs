using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Reviews.Reviews;

public static partial class DeleteReview
{
    public static RouteGroupBuilder MapDeleteReview(this RouteGroupBuilder group)
    {
        group.MapDelete("/{id:guid}", HandleAsync)
            .RequireAuthorization()
            .WithName("DeleteReview")
            .WithSummary("Delete a review (its author or an admin)");
        return group;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, ReviewsDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var deleted = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var review = await ReviewLocks.LoadLockedAsync(db, id, ct);
            // Someone else's review answers as if it did not exist.
            if (review is null || !principal.MaySeeUnpublished(review.UserId))
            {
                return false;
            }

            db.Reviews.Remove(review);
            // An admin deleting someone else's review is audited; an author deleting their own is not.
            if (principal.UserId() != review.UserId)
            {
                db.Audit(principal, ReviewAudit.Entity, review.Id, "deleted", ReviewAudit.Of(review), null);
            }

            if (review.IsApproved)
            {
                await ProductRatings.AnnounceAsync(db, review, approvedNow: false, clock, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!deleted)
        {
            return ReviewAccess.NotFound();
        }

        LogDeleted(loggers.CreateLogger(typeof(DeleteReview)), id, principal.UserId());
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewId} deleted by {UserId}")]
    private static partial void LogDeleted(ILogger logger, Guid reviewId, Guid? userId);
}
