using System.Text.Json;

namespace Bazaar.Identity.Auth;

/// <summary>Reads the RFC-style endpoints' bodies, which come as forms (and, for validate, as JSON too).</summary>
internal static class RequestForms
{
    /// <summary>The form, or null when the body is not a readable application/x-www-form-urlencoded or multipart form.</summary>
    public static async Task<IFormCollection?> TryReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The JSON body, or a failure when it is missing, not JSON or malformed.</summary>
    public static async Task<(T? Body, bool Malformed)> TryReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, true);
        }

        try
        {
            return (await request.ReadFromJsonAsync<T>(cancellationToken), false);
        }
        catch (JsonException)
        {
            return (null, true);
        }
    }

    public static string? Value(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
