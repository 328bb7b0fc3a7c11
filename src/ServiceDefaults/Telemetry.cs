using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bazaar.ServiceDefaults;

public static class Telemetry
{
    /// <summary>Activity sources and meters of Bazaar's own code start with this prefix.</summary>
    public const string SourcePrefix = "Bazaar";

    public static IHostApplicationBuilder AddBazaarTelemetry(this IHostApplicationBuilder builder)
    {
        // One JSON object a line, scopes included: the correlation id reaches every line. A
        // configured formatter wins (the launcher asks for single-line text a person can read).
        if (string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            });
        }
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{SourcePrefix}.*"))
            .WithTracing(tracing =>
            {
                // Bazaar's own spans always: the event consumer's span carries the correlation id
                // on to the events a handler causes.
                tracing.AddSource($"{SourcePrefix}.*");
                if (exporting)
                {
                    // A span per request, per outgoing call and per SQL command, with their tags,
                    // only when something exports them: unexported, they cost 5-10% of the CPU of a
                    // cheap read. Without them, a request still has an Activity (ASP.NET Core starts
                    // one for its log scopes), so trace ids, correlation and baggage flow as before.
                    tracing
                        .AddAspNetCoreInstrumentation(options =>
                            options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                        .AddHttpClientInstrumentation()
                        .AddNpgsql();
                }
            });

        if (exporting)
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
