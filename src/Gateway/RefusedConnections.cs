using System.Net.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Bazaar.Gateway;

/// <summary>
/// When a service runs as several instances and the one the proxy picked refuses the connection
/// (it stopped or was killed, and the active health checks have not left it out yet: up to a few
/// seconds), the request goes to another instance instead of failing. Only a refused connection is
/// tried again: nothing of the request was sent, so even a payment is safe to send elsewhere. A
/// request that reached an instance is never sent twice.
/// </summary>
internal static class RefusedConnections
{
    /// <summary>Goes between session affinity and load balancing, so each try picks among the instances left.</summary>
    public static void UseAnotherInstanceWhenRefused(this IReverseProxyApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            var proxied = context.GetReverseProxyFeature();
            while (true)
            {
                // Load balancing narrows the list down to the instance it picked: what it had to choose from is kept.
                var candidates = proxied.AvailableDestinations;
                await next();
                var error = context.GetForwarderErrorFeature();
                var refused = proxied.ProxiedDestination;
                if (error is not { Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } }
                    || refused is null
                    || context.Response.HasStarted
                    || context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }

                var others = candidates.Where(d => d != refused).ToList();
                if (others.Count == 0)
                {
                    return; // the last one refused too: the client gets the 503
                }

                proxied.AvailableDestinations = others;
                proxied.ProxiedDestination = null;
                context.Features.Set<IForwarderErrorFeature>(null);
                context.Response.Clear();
            }
        });
}
