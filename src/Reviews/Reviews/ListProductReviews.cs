using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Reviews.Reviews;

public static class ListProductReviews
{
    /// <summary>The contract's list shape plus the product's rating over all its approved reviews.</summary>
    public sealed record Response(
        IReadOnlyList<ReviewResponse> Items, int Page, int PageSize, int TotalCount, int TotalPages, decimal Average, int Count);

    public static RouteGroupBuilder MapListProductReviews(this RouteGroupBuilder group)
    {
        group.MapGet("/product/{productId:guid}", HandleAsync)
            .AllowAnonymous()
            .WithName("ListProductReviews")
            .WithSummary("A product's approved reviews, newest first, with its average rating and review count");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem>> HandleAsync(
        Guid productId, int? page, int? pageSize, ReviewsDb db, IOptions<ReviewsOptions> options, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var paging, out var problem))
        {
            return problem;
        }

        var approved = db.Reviews.AsNoTracking().Where(r => r.ProductId == productId && r.Status == ReviewStatus.Approved);
        var rating = await ProductRatings.SummarizeAsync(db, productId, cancellationToken);
        var items = await approved.NewestFirst()
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToResponses(db, options.Value.UnknownReviewerName)
            .ToListAsync(cancellationToken);
        var list = PagedList<ReviewResponse>.Create(items, paging, rating.Count);
        return TypedResults.Ok(new Response(list.Items, list.Page, list.PageSize, list.TotalCount, list.TotalPages, rating.Average, rating.Count));
    }
}
