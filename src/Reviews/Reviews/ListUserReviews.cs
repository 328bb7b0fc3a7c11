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

    internal static async Task<Results<Ok<PagedList<ReviewResponse>>, ValidationProblem>> HandleAsync(
        Guid userId, int? page, int? pageSize, ClaimsPrincipal principal, ReviewsDb db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var paging, out var problem))
        {
            return problem;
        }

        var reviews = db.Reviews.AsNoTracking().Where(r => r.UserId == userId);
        if (!principal.MaySeeUnpublished(userId))
        {
            reviews = reviews.Where(r => r.Status == ReviewStatus.Approved);
        }

        return TypedResults.Ok(await PageAsync(reviews, paging, db, options.Value.UnknownReviewerName, cancellationToken));
    }

    internal static async Task<PagedList<ReviewResponse>> PageAsync(
        IQueryable<Review> reviews, PageRequest paging, ReviewsDb db, string unknownName, CancellationToken cancellationToken)
    {
        var total = await reviews.CountAsync(cancellationToken);
        var items = paging.IsPastEnd(total) ? [] : await reviews.NewestFirst()
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToResponses(db, unknownName)
            .ToListAsync(cancellationToken);
        return PagedList<ReviewResponse>.Create(items, paging, total);
    }
}
