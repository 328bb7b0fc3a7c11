using System.Security.Claims;
using Bazaar.Reviews.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Reviews.Reviews;

public static class GetReview
{
    public static RouteGroupBuilder MapGetReview(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}", HandleAsync)
            .AllowAnonymous()
            .WithName("GetReview")
            .WithSummary("A review (unpublished ones only to their author and admins)");
        return group;
    }

    internal static async Task<Results<Ok<ReviewResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, ClaimsPrincipal principal, ReviewsDb db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        var review = await db.Reviews.AsNoTracking().Where(r => r.Id == id)
            .ToResponses(db, options.Value.UnknownReviewerName)
            .FirstOrDefaultAsync(cancellationToken);
        return review is not null && (review.Status == ReviewStatus.Approved || principal.MaySeeUnpublished(review.UserId))
            ? TypedResults.Ok(review)
            : ReviewAccess.NotFound();
    }
}
