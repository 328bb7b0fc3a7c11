using System.Text.Json;

namespace Bazaar.Identity.Tests;

public sealed record UserBody(Guid Id, string Name, string Email, string? Mobile, List<string> Roles, DateTimeOffset CreatedAt, bool EmailVerified);

public sealed record AddressBody(
    Guid Id, string? Label, string Name, string Line1, string? Line2, string City, string? Region,
    string PostalCode, string Country, string? Phone, bool IsDefault);

public sealed record TokenBody(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken);

public sealed record ProblemBody(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);

public sealed record SessionBody(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset ExpiresAt, bool Current);

public sealed record PagedBody<T>(List<T> Items, int Page, int PageSize, int TotalCount, int TotalPages);

/// <summary>A logged-in user with a client that sends their access token.</summary>
public sealed record SignedIn(Guid Id, string Email, string Password, TokenBody Tokens, HttpClient Client);

public static class Json
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

public static class Eventually
{
    /// <summary>Polls until the condition holds, failing once the deadline passes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
