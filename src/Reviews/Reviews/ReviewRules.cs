namespace Bazaar.Reviews.Reviews;

/// <summary>The shape rules for what a reviewer types.</summary>
public static class ReviewRules
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int MaxTitleLength = 120;
    public const int MaxCommentLength = 4000;

    public static void CheckRating(int? rating, Dictionary<string, string[]> errors)
    {
        if (rating is null or < MinRating or > MaxRating)
        {
            errors["rating"] = [$"Rating must be a whole number from {MinRating} to {MaxRating}."];
        }
    }

    public static void CheckTitle(string? title, Dictionary<string, string[]> errors)
    {
        if (title is null)
        {
            return;
        }

        if (title.Trim().Length > MaxTitleLength)
        {
            errors["title"] = [$"Title must be at most {MaxTitleLength} characters."];
        }
        else if (title.Any(char.IsControl))
        {
            errors["title"] = ["Title must not contain control characters."];
        }
    }

    public static void CheckComment(string? comment, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            errors["comment"] = ["Comment is required."];
        }
        else if (comment.Trim().Length > MaxCommentLength)
        {
            errors["comment"] = [$"Comment must be at most {MaxCommentLength} characters."];
        }
        else if (comment.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            // Also keeps NUL out, which PostgreSQL text cannot store.
            errors["comment"] = ["Comment must not contain control characters other than line breaks and tabs."];
        }
    }

    /// <summary>A blank title is no title.</summary>
    public static string? NormalizeTitle(string? title) => string.IsNullOrWhiteSpace(title) ? null : title.Trim();
}
