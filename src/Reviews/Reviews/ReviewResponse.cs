using System.Security.Claims;
using Bazaar.Reviews.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Reviews.Reviews;

/// <summary>A review as the API shows it: with the reviewer's current name and whether they received the product.</summary>
public sealed record ReviewResponse(
    Guid Id,
    Guid ProductId,
    Guid UserId,
    string ReviewerName,
    int Rating,
    string? Title,
    string Comment,
    ReviewStatus Status,
    bool VerifiedPurchase,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal static class ReviewQueries
{
    /// <summary>
    /// Name and verification are joined in when read, never copied into the review: a rename or a
    /// delivery shows on every review at once, whenever it arrives.
    /// </summary>
    public static IQueryable<ReviewResponse> ToResponses(this IQueryable<Review> reviews, ReviewsDb db, string unknownName) =>
        reviews.Select(r => new ReviewResponse(
            r.Id,
            r.ProductId,
            r.UserId,
            db.Reviewers.Where(u => u.UserId == r.UserId).Select(u => u.Name).FirstOrDefault() ?? unknownName,
            r.Rating,
            r.Title,
            r.Comment,
            r.Status,
            db.DeliveredProducts.Any(d => d.UserId == r.UserId && d.ProductId == r.ProductId),
            r.CreatedAt,
            r.UpdatedAt));

    public static IQueryable<Review> NewestFirst(this IQueryable<Review> reviews) =>
        reviews.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);
}

internal static class ReviewAccess
{
    /// <summary>Authors and admins see a review in any state; everyone else only approved ones.</summary>
    public static bool MaySeeUnpublished(this ClaimsPrincipal principal, Guid authorId) =>
        principal.UserId() == authorId || principal.IsInRole(Roles.Admin);

    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Review not found",
        detail: "There is no such review.");
}
