using System.Globalization;
using Yarp.ReverseProxy.Forwarder;

namespace Bazaar.Gateway;

/// <summary>
/// When no instance of a service answers (a refused or broken connection, or no healthy
/// destination), the client gets 503 with Retry-After and problem details instead of the proxy's
/// empty 502, so it knows to try again shortly (with the same Idempotency-Key on money routes).
/// A service that takes too long gets 504 with problem details.
/// </summary>
internal static class UnavailableServices
{
    /// <summary>How long a client is asked to wait: about as long as a restarted instance takes to be ready.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static void UseUnavailableAsProblem(this IReverseProxyApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted)
            {
                return;
            }

            var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            IResult? answer = error.Error switch
            {
                ForwarderError.Request or ForwarderError.NoAvailableDestinations => TypedResults.Problem(
                    statusCode: StatusCodes.Status503ServiceUnavailable,
                    title: "Service unavailable",
                    detail: $"The {service} service is not available right now; try again shortly."),
                ForwarderError.RequestTimedOut => TypedResults.Problem(
                    statusCode: StatusCodes.Status504GatewayTimeout,
                    title: "Gateway timeout",
                    detail: $"The {service} service did not answer in time."),
                _ => null,
            };
            if (answer is null)
            {
                return;
            }

            if (error.Error != ForwarderError.RequestTimedOut)
            {
                context.Response.Headers.RetryAfter = RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            }

            await answer.ExecuteAsync(context);
        });
}
