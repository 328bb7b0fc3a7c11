using System.Security.Claims;
using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bazaar.Reviews.Reviews;

public static partial class CreateReview
{
    public sealed record Request(Guid? ProductId, int? Rating, string? Title, string? Comment);

    public static RouteGroupBuilder MapCreateReview(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization()
            .WithName("CreateReview")
            .WithSummary("Review a product (one review per user and product)");
        return group;
    }

    internal static async Task<Results<Created<ReviewResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        ClaimsPrincipal principal,
        ReviewsDb db,
        ContentModerator moderator,
        IOptions<ReviewsOptions> options,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Only people write reviews",
                detail: "This token does not belong to a user.");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.ProductId is null || request.ProductId == Guid.Empty)
        {
            errors["productId"] = ["ProductId is required."];
        }

        ReviewRules.CheckRating(request.Rating, errors);
        ReviewRules.CheckTitle(request.Title, errors);
        ReviewRules.CheckComment(request.Comment, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The review is not valid");
        }

        var title = ReviewRules.NormalizeTitle(request.Title);
        var comment = request.Comment!.Trim();
        var now = clock.GetUtcNow();
        var review = Review.Write(request.ProductId!.Value, userId, request.Rating!.Value, title, comment, moderator.NeedsModeration(title, comment), now);
        if (await db.Reviews.AnyAsync(r => r.UserId == userId && r.ProductId == review.ProductId, cancellationToken))
        {
            return AlreadyReviewed();
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var saved = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Reviews.Add(review);
            if (review.IsApproved)
            {
                await ProductRatings.LockAsync(db, review.ProductId, ct);
                await ProductRatings.AnnounceAsync(db, review, approvedNow: true, clock, ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return false; // the same user's other request got there first
            }

            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        if (!saved)
        {
            return AlreadyReviewed();
        }

        LogCreated(loggers.CreateLogger(typeof(CreateReview)), review.Id, review.ProductId, review.Status);
        var response = await db.Reviews.Where(r => r.Id == review.Id)
            .ToResponses(db, options.Value.UnknownReviewerName)
            .FirstAsync(cancellationToken);
        return TypedResults.Created($"/api/reviews/{review.Id}", response);
    }

    private static ProblemHttpResult AlreadyReviewed() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Product already reviewed",
        detail: "You have already reviewed this product; delete that review to write a new one.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewId} of product {ProductId} created as {Status}")]
    private static partial void LogCreated(ILogger logger, Guid reviewId, Guid productId, ReviewStatus status);
}
