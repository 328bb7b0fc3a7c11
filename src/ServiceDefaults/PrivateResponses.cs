using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bazaar.ServiceDefaults;

/// <summary>
/// Answers that may carry a token or personal data are never stored by a browser or a shared
/// cache (RFC 6749 5.1, RFC 9111 5.2.2.5). The rule, decided here once for every service: an
/// answer to a request that carries credentials (a bearer token, a signed-in cookie) and every
/// answer of a route marked <see cref="NoStore{TBuilder}"/> (login, registration, refresh: no
/// credentials, yet tokens or personal data come back) gets <c>Cache-Control: no-store</c> and
/// <c>Pragma: no-cache</c>. A route that set its own Cache-Control keeps it (the public key set
/// says it may be cached), and anonymous public reads (products, with their ETags) keep sending
/// what they send.
/// </summary>
public static class PrivateResponses
{
    /// <summary>Every answer of these routes is private, whoever asks.</summary>
    public static TBuilder NoStore<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoStoreMetadata.Instance);

    public static IApplicationBuilder UsePrivateResponses(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // The route is known here (routing runs first); an exception handler that re-executes
            // the request clears it, so it is read now, not when the error answer starts.
            var marked = context.GetEndpoint()?.Metadata.GetMetadata<NoStoreMetadata>() is not null;
            context.Response.OnStarting(marked ? AlwaysAsync : WhenCredentialedAsync, context);
            return next(context);
        });

    private static Task AlwaysAsync(object state)
    {
        NoStore(((HttpContext)state).Response);
        return Task.CompletedTask;
    }

    private static Task WhenCredentialedAsync(object state)
    {
        var context = (HttpContext)state;
        // Read when the answer starts: the services authenticate after this middleware ran.
        if (context.Request.Headers.ContainsKey(HeaderNames.Authorization) || context.User.Identity?.IsAuthenticated == true)
        {
            NoStore(context.Response);
        }

        return Task.CompletedTask;
    }

    private static void NoStore(HttpResponse response)
    {
        // 101 (a WebSocket upgrade) has no body to store.
        if (response.StatusCode < StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.CacheControl))
        {
            return;
        }

        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private sealed class NoStoreMetadata
    {
        public static readonly NoStoreMetadata Instance = new();
    }
}
