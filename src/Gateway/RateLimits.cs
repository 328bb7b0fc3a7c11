using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Bazaar.Gateway;

/// <summary>
/// Per client address: a general budget for every request, and a much smaller one for login and
/// registration (the routes password guessing and sign-up spam go through). Limits come from
/// configuration ("RateLimits"). A refused request gets 429, Retry-After and problem details.
/// </summary>
public static class RateLimits
{
    public const string Auth = "auth";

    /// <summary>Anonymous client event tracking: generous, but one client cannot flood the analytics.</summary>
    public const string Events = "events";

    public static IHostApplicationBuilder AddGatewayRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => Window(limits.PermitsPerMinute)));
            options.AddPolicy(Auth, context =>
                RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => Window(limits.AuthPermitsPerMinute)));
            options.AddPolicy(Events, context =>
                RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => Window(limits.EventPermitsPerMinute)));
            options.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) =>
        new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    private static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
            },
        });
    }
}

public sealed class RateLimitOptions
{
    public int PermitsPerMinute { get; set; } = 600;

    public int AuthPermitsPerMinute { get; set; } = 20;

    public int EventPermitsPerMinute { get; set; } = 120;
}
