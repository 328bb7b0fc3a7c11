using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.ServiceDefaults.Idempotency;
using Bazaar.Web.Auth;
using Polly;

namespace Bazaar.Web.Api;

/// <summary>Shared plumbing of the typed clients: the signed-in user's bearer token on every call, errors as results.</summary>
public abstract class GatewayApi(HttpClient http, UserSession session)
{
    protected Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, ct);

    protected Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken ct = default, string? idempotencyKey = null) =>
        SendAsync<T>(HttpMethod.Post, path, body, ct, idempotencyKey);

    protected Task<ApiResult<T>> PutAsync<T>(string path, object body, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Put, path, body, ct);

    protected Task<ApiResult<T>> DeleteAsync<T>(string path, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Delete, path, null, ct);

    /// <param name="guestHeaders">Sent only without a signed-in user: a guest's Cart-Token or Order-Token.</param>
    protected async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, CancellationToken ct, string? idempotencyKey = null, IReadOnlyDictionary<string, string>? guestHeaders = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            // Content already made (a CSV file's stream) goes as it is; anything else as JSON.
            request.Content = body as HttpContent ?? JsonContent.Create(body, options: Json.Options);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKey.Header, idempotencyKey);
        }

        if (session.ClientIp is { } ip)
        {
            request.Headers.Add("X-Forwarded-For", ip);
        }

        if (await session.AccessTokenAsync() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            foreach (var (name, value) in guestHeaders ?? Empty)
            {
                request.Headers.Add(name, value);
            }
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            return await ApiResult<T>.FromAsync(response, ct);
        }
        catch (HttpRequestException ex)
        {
            return ApiResult<T>.Unreachable($"The shop is not reachable right now ({ex.Message}).");
        }
        catch (ExecutionRejectedException)
        {
            // The resilience pipeline gave up (attempt timeout, open breaker): an answer for the page, not a broken circuit.
            return ApiResult<T>.Unreachable("The shop is taking too long to answer; please try again.");
        }
    }

    /// <summary>Whether API calls go as a signed-in user (a bearer token) rather than as a guest.</summary>
    protected async Task<bool> SignedInAsync() => await session.AccessTokenAsync() is not null;

    private static readonly Dictionary<string, string> Empty = [];
}
