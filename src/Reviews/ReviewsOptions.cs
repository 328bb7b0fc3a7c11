namespace Bazaar.Reviews;

/// <summary>The Reviews service's own settings, bound from the "Reviews" configuration section.</summary>
public sealed class ReviewsOptions
{
    public const string Section = "Reviews";

    /// <summary>Shown as the reviewer's name until Identity has told us the real one.</summary>
    public string UnknownReviewerName { get; set; } = "Anonymous";

    public ModerationOptions Moderation { get; set; } = new();

    internal bool IsValid() =>
        !string.IsNullOrWhiteSpace(UnknownReviewerName)
        && Moderation.BlockedWords.TrueForAll(w => !string.IsNullOrWhiteSpace(w));
}

public sealed class ModerationOptions
{
    /// <summary>Words or phrases that send a review to an admin instead of publishing it; matched case-insensitively as whole words.</summary>
    public List<string> BlockedWords { get; set; } = [];
}
