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

    internal static async Task<Ok<PagedList<ReviewResponse>>> HandleAsync(
        int? page, int? pageSize, ReviewsDb db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        var pending = db.Reviews.Where(r => r.Status == ReviewStatus.Pending);
        return TypedResults.Ok(await ListUserReviews.PageAsync(pending, page, pageSize, db, options.Value.UnknownReviewerName, cancellationToken));
    }
}
