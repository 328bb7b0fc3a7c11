using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bazaar.Analytics.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bazaar.Analytics.Events;

/// <summary>
/// POST /api/analytics/event: a client tells what a shopper did (product_view, add_to_cart,
/// checkout_started, ...). Anyone may send it; with a valid access token the user is recorded,
/// without one (or with an invalid one) the event is anonymous. The gateway rate-limits the route.
/// </summary>
public static partial class TrackEvent
{
    /// <summary>A client event. <c>productId</c> is read as text so a bad one is a field error, not a malformed body.</summary>
    public sealed record Request(string? Type, string? ProductId, string? SessionId, JsonElement? Properties);

    public static RouteGroupBuilder MapTrackEvent(this RouteGroupBuilder group)
    {
        group.MapPost("/event", HandleAsync)
            .AllowAnonymous()
            .WithName("TrackEvent")
            .WithSummary("Record a client event (anyone; the user is taken from a valid token when one is sent)");
        return group;
    }

    internal static async Task<Results<Accepted, ValidationProblem>> HandleAsync(
        Request request,
        ClaimsPrincipal user,
        AnalyticsDb db,
        IOptions<AnalyticsOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var type = CheckType(request.Type, errors);
        var productId = CheckProductId(request.ProductId, errors);
        var sessionId = CheckSessionId(request.SessionId, errors);
        var properties = CheckProperties(request.Properties, options.Value.MaxPropertiesBytes, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The event is not valid");
        }

        db.Events.Add(AnalyticsEvent.Tracked(type!, UserOf(user), productId, sessionId, properties, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>The signed-in user, if the token was valid; service tokens name a client, not a user.</summary>
    private static Guid? UserOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirst(BazaarClaims.Subject)?.Value, out var id) ? id : null;

    private static string? CheckType(string? type, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(type) || type.Length > AnalyticsEvent.MaxTypeLength || !TypePattern().IsMatch(type))
        {
            errors["type"] = [$"'type' is required: lower snake_case (a-z, 0-9, _), starting with a letter, at most {AnalyticsEvent.MaxTypeLength} characters."];
            return null;
        }

        if (IntegrationEventRows.ReservedTypes.Contains(type))
        {
            errors["type"] = [$"'{type}' is recorded from the platform's own events and cannot be sent by a client."];
            return null;
        }

        return type;
    }

    private static Guid? CheckProductId(string? productId, Dictionary<string, string[]> errors)
    {
        if (productId is null)
        {
            return null;
        }

        if (Guid.TryParse(productId, out var id))
        {
            return id;
        }

        errors["productId"] = ["'productId' must be a UUID."];
        return null;
    }

    private static string? CheckSessionId(string? sessionId, Dictionary<string, string[]> errors)
    {
        if (sessionId is null)
        {
            return null;
        }

        if (sessionId.Length is 0 or > AnalyticsEvent.MaxSessionIdLength || sessionId.Any(char.IsControl))
        {
            errors["sessionId"] = [$"'sessionId' must be 1 to {AnalyticsEvent.MaxSessionIdLength} printable characters."];
            return null;
        }

        return sessionId;
    }

    private static string CheckProperties(JsonElement? properties, int maxBytes, Dictionary<string, string[]> errors)
    {
        if (properties is null || properties.Value.ValueKind == JsonValueKind.Null)
        {
            return "{}";
        }

        if (properties.Value.ValueKind != JsonValueKind.Object)
        {
            errors["properties"] = ["'properties' must be a JSON object."];
            return "{}";
        }

        var json = properties.Value.GetRawText();
        if (Encoding.UTF8.GetByteCount(json) > maxBytes)
        {
            errors["properties"] = [$"'properties' must be at most {maxBytes} bytes of JSON."];
        }
        else if (HasNullCharacter(properties.Value))
        {
            // PostgreSQL's jsonb cannot store U+0000; refuse it here rather than fail on insert.
            errors["properties"] = ["'properties' must not contain the character U+0000."];
        }

        return json;
    }

    private static bool HasNullCharacter(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains('\0', StringComparison.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Any(HasNullCharacter),
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Contains('\0', StringComparison.Ordinal) || HasNullCharacter(p.Value)),
        _ => false,
    };

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
