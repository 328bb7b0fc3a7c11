namespace Bazaar.Reviews.Reviews;

public enum ReviewStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>One user's rating and words about one product, and where it stands in moderation.</summary>
public sealed class Review
{
    private Review()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProductId { get; private set; }

    public Guid UserId { get; private set; }

    public int Rating { get; private set; }

    public string? Title { get; private set; }

    public string Comment { get; private set; } = "";

    public ReviewStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Only approved reviews are public and count towards the product's rating.</summary>
    public bool IsApproved => Status == ReviewStatus.Approved;

    /// <summary>A new review: published at once unless its text needs an admin's look first.</summary>
    public static Review Write(Guid productId, Guid userId, int rating, string? title, string comment, bool needsModeration, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ProductId = productId,
        UserId = userId,
        Rating = rating,
        Title = title,
        Comment = comment,
        Status = needsModeration ? ReviewStatus.Pending : ReviewStatus.Approved,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>An admin's decision; any review may be approved or rejected again later.</summary>
    public void Moderate(ReviewStatus decision, DateTimeOffset now)
    {
        if (decision == ReviewStatus.Pending)
        {
            throw new ArgumentOutOfRangeException(nameof(decision), "A moderation decision is approved or rejected.");
        }

        if (decision != Status)
        {
            Status = decision;
            UpdatedAt = now;
        }
    }
}
