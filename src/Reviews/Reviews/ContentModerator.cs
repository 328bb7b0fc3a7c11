using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bazaar.Reviews.Reviews;

/// <summary>
/// Decides whether a review may be published at once. Links (spam's favourite payload) and the
/// configured blocked words hold it as pending until an admin has looked.
/// </summary>
public sealed partial class ContentModerator
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);
    private readonly Regex? blockedWords;

    public ContentModerator(IOptions<ReviewsOptions> options)
    {
        var words = options.Value.Moderation.BlockedWords
            .Where(w => !string.IsNullOrWhiteSpace(w))
            .Select(w => Regex.Escape(w.Trim()))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        // Lookarounds rather than \b, so that a blocked "word" may also start or end with a symbol.
        blockedWords = words.Count == 0
            ? null
            : new Regex($@"(?<!\w)(?:{string.Join('|', words)})(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    public bool NeedsModeration(string? title, string comment) => Trips(title) || Trips(comment);

    private bool Trips(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            return Link().IsMatch(text) || blockedWords?.IsMatch(text) == true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true; // text too odd to judge quickly: a person decides
        }
    }

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex Link();
}
