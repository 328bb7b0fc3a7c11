using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.ServiceDefaults;

/// <summary>
/// Every request carries an X-Correlation-Id (taken from the caller, else the trace id), echoed
/// back and put in a logging scope so that every log line written for the request names it.
/// </summary>
public static class Correlation
{
    public const string HeaderName = "X-Correlation-Id";
    public const string BaggageName = "correlation.id";
    private const int MaxLength = 128;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var id = context.Request.Headers[HeaderName].ToString();
            if (string.IsNullOrWhiteSpace(id) || id.Length > MaxLength)
            {
                id = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                context.Request.Headers[HeaderName] = id;
            }

            // Set when the response starts: a proxied answer that carries the header already is not doubled.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("correlation.id", id);
            // Baggage travels on: the outbox copies it into the events this request causes.
            Activity.Current?.SetBaggage(BaggageName, id);
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bazaar.Correlation");
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next(context);
            }
        });
}
