using System.Collections;
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

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app)
    {
        // Once, not per request: the factory takes a lock to look a logger up.
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bazaar.Correlation");
        return app.Use(async (context, next) =>
        {
            var id = context.Request.Headers[HeaderName].ToString();
            if (string.IsNullOrWhiteSpace(id) || id.Length > MaxLength)
            {
                id = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                context.Request.Headers[HeaderName] = id;
            }

            var scope = new CorrelationScope(context, id);
            // Set when the response starts: a proxied answer that carries the header already is not doubled.
            context.Response.OnStarting(CorrelationScope.EchoAsync, scope);
            Activity.Current?.SetTag("correlation.id", id);
            // Baggage travels on: the outbox copies it into the events this request causes.
            Activity.Current?.SetBaggage(BaggageName, id);
            using (logger.BeginScope(scope))
            {
                await next(context);
            }
        });
    }

    /// <summary>
    /// The logging scope ({"CorrelationId": id}, shown as "CorrelationId:id") and the state of the
    /// callback that echoes the header: one small object per request instead of a dictionary and a closure.
    /// </summary>
    private sealed class CorrelationScope(HttpContext context, string id) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public static Task EchoAsync(object state) => ((CorrelationScope)state).Echo();

        private Task Echo()
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{id}";
    }
}
