using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;

namespace Bazaar.Reviews.Reviews;

/// <summary>Not in the contract's table: the admins' moderation queue, without which pending reviews cannot be found.</summary>
public static class ListPendingReviews
{
    public static RouteGroupBuilder MapListPendingReviews(this RouteGroupBuilder group)
    {
        group.MapGet("/pending", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ListPendingReviews")
            .WithSummary("Reviews waiting for moderation, newest first");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<ReviewResponse>>, ValidationProblem>> HandleAsync(
        int? page, int? pageSize, ReviewsDb db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var paging, out var problem))
        {
            return problem;
        }

        var pending = db.Reviews.Where(r => r.Status == ReviewStatus.Pending);
        return TypedResults.Ok(await ListUserReviews.PageAsync(pending, paging, db, options.Value.UnknownReviewerName, cancellationToken));
    }
}
