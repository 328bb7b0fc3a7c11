namespace Bazaar.Reviews.Reviews;

/// <summary>What the audit log keeps of a review an admin moderates or deletes.</summary>
internal sealed record ReviewAudit(Guid ProductId, Guid UserId, int Rating, string? Title, string Comment, ReviewStatus Status)
{
    public const string Entity = "review";

    public static ReviewAudit Of(Review review) =>
        new(review.ProductId, review.UserId, review.Rating, review.Title, review.Comment, review.Status);
}
