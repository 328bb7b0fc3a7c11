using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Reviews.Reviews;

public static partial class ModerateReview
{
    /// <summary>A string rather than the enum, so that "pending" or a typo is a 400 that says what is allowed.</summary>
    public sealed record Request(string? Status);

    private static readonly Dictionary<string, ReviewStatus> Decisions = new(StringComparer.Ordinal)
    {
        ["approved"] = ReviewStatus.Approved,
        ["rejected"] = ReviewStatus.Rejected,
    };

    public static RouteGroupBuilder MapModerateReview(this RouteGroupBuilder group)
    {
        group.MapPut("/{id:guid}/moderation", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ModerateReview")
            .WithSummary("Approve or reject a review (admin)");
        return group;
    }

    internal static async Task<Results<Ok<ReviewResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        Request request,
        ClaimsPrincipal principal,
        ReviewsDb db,
        IOptions<ReviewsOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (request.Status is null || !Decisions.TryGetValue(request.Status, out var decision))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = ["Status must be \"approved\" or \"rejected\"."] },
                title: "The moderation decision is not valid");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var found = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var review = await ReviewLocks.LoadLockedAsync(db, id, ct);
            if (review is null)
            {
                return false;
            }

            var wasApproved = review.IsApproved;
            var before = ReviewAudit.Of(review);
            var now = clock.GetUtcNow();
            review.Moderate(decision, now);
            db.Audit(principal, ReviewAudit.Entity, review.Id, "moderated", before, ReviewAudit.Of(review));
            // Only a change to the set of approved reviews changes the product's rating.
            if (review.IsApproved != wasApproved)
            {
                await ProductRatings.AnnounceAsync(db, review, review.IsApproved, clock, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!found)
        {
            return ReviewAccess.NotFound();
        }

        LogModerated(loggers.CreateLogger(typeof(ModerateReview)), id, decision, principal.UserId());
        var response = await db.Reviews.AsNoTracking().Where(r => r.Id == id)
            .ToResponses(db, options.Value.UnknownReviewerName)
            .FirstOrDefaultAsync(cancellationToken);
        // Deleted in the instant since the decision: it is gone either way.
        return response is null ? ReviewAccess.NotFound() : TypedResults.Ok(response);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewId} moderated as {Status} by {AdminId}")]
    private static partial void LogModerated(ILogger logger, Guid reviewId, ReviewStatus status, Guid? adminId);
}
