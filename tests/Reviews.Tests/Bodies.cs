namespace Bazaar.Reviews.Tests;

public sealed record ReviewBody(
    Guid Id, Guid ProductId, Guid UserId, string ReviewerName, int Rating, string? Title, string Comment,
    string Status, bool VerifiedPurchase, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ProductReviewsBody(List<ReviewBody> Items, int Page, int PageSize, int TotalCount, int TotalPages, decimal Average, int Count);

public sealed record PagedBody<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
