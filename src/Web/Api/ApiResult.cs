using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Web.Api;

/// <summary>An answer of the gateway: the value, or the ProblemDetails' title and field errors.</summary>
public sealed record ApiResult<T>(T? Value, HttpStatusCode Status, string? Error, IReadOnlyDictionary<string, string[]> FieldErrors)
{
    public bool Ok => Error is null;

    /// <summary>The messages for one field (contract names, camelCase), for display beside the input.</summary>
    public string? For(string field) =>
        FieldErrors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)
            || e.Key.EndsWith("." + field, StringComparison.OrdinalIgnoreCase)).Value is { } m ? string.Join(" ", m) : null;

    internal static async Task<ApiResult<T>> FromAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                ? default
                : await response.Content.ReadFromJsonAsync<T>(Json.Options, ct);
            return new(value, response.StatusCode, null, Empty);
        }

        var title = $"The request failed ({(int)response.StatusCode}).";
        var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json.Options, ct);
            if (problem.ValueKind == JsonValueKind.Object)
            {
                title = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()!
                    : problem.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title;
                if (problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(x => x.ToString())]
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails body (e.g. a proxy error page): the status line says enough.
        }

        return new(default, response.StatusCode, title, errors);
    }

    internal static ApiResult<T> Unreachable(string message) => new(default, HttpStatusCode.ServiceUnavailable, message, Empty);

    private static readonly Dictionary<string, string[]> Empty = [];
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
