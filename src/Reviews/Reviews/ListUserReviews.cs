using System.Security.Claims;
using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Reviews.Reviews;

public static class ListUserReviews
{
    public static RouteGroupBuilder MapListUserReviews(this RouteGroupBuilder group)
    {
        group.MapGet("/user/{userId:guid}", HandleAsync)
            .AllowAnonymous()
            .WithName("ListUserReviews")
            .WithSummary("A user's reviews, newest first: approved ones for everyone, all of them for the author and admins");
        return group;
    }

    internal static async Task<Ok<PagedList<ReviewResponse>>> HandleAsync(
        Guid userId, int? page, int? pageSize, ClaimsPrincipal principal, ReviewsDb db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        var reviews = db.Reviews.AsNoTracking().Where(r => r.UserId == userId);
        if (!principal.MaySeeUnpublished(userId))
        {
            reviews = reviews.Where(r => r.Status == ReviewStatus.Approved);
        }

        return TypedResults.Ok(await PageAsync(reviews, page, pageSize, db, options.Value.UnknownReviewerName, cancellationToken));
    }

    internal static async Task<PagedList<ReviewResponse>> PageAsync(
        IQueryable<Review> reviews, int? page, int? pageSize, ReviewsDb db, string unknownName, CancellationToken cancellationToken)
    {
        var paging = PageRequest.From(page, pageSize);
        var total = await reviews.CountAsync(cancellationToken);
        var items = await reviews.NewestFirst()
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToResponses(db, unknownName)
            .ToListAsync(cancellationToken);
        return PagedList<ReviewResponse>.Create(items, paging, total);
    }
}
