using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bazaar.ServiceDefaults;

/// <summary>Settings under <c>Bazaar</c>: how much of a failure an error body shows.</summary>
public sealed class ProblemResponseOptions
{
    public const string Section = "Bazaar";

    /// <summary>
    /// <c>Bazaar:ShowExceptionDetails</c> (env <c>Bazaar__ShowExceptionDetails=true</c>): a 500's
    /// <c>detail</c> carries the exception and its stack. Off by default in every environment,
    /// Development included, so that no client ever reads internals unless a developer asked.
    /// </summary>
    public bool ShowExceptionDetails { get; set; }
}

public static class ProblemResponses
{
    public static IHostApplicationBuilder AddProblemResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var traceId = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions.TryAdd("traceId", traceId);

            // Bare status codes (a 401 from authentication, a 403, an unknown route's 404, a 415)
            // arrive without a detail; the contract promises status, title and detail on every error.
            context.ProblemDetails.Detail ??= DefaultDetail(context.ProblemDetails.Status);
        });
        builder.Services.AddOptions<ProblemResponseOptions>().BindConfiguration(ProblemResponseOptions.Section);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }

    private static string? DefaultDetail(int? status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed or not valid.",
        StatusCodes.Status401Unauthorized => "A valid bearer access token is required.",
        StatusCodes.Status403Forbidden => "You are not allowed to do this.",
        StatusCodes.Status404NotFound => "There is nothing here.",
        StatusCodes.Status405MethodNotAllowed => "This method is not allowed here.",
        StatusCodes.Status415UnsupportedMediaType => "The request's content type is not supported here.",
        StatusCodes.Status429TooManyRequests => "Too many requests; retry later.",
        _ => null,
    };
}

/// <summary>
/// Turns every exception into RFC 9457 problem details: a value binding refused becomes a 400
/// validation problem naming the field, other malformed requests 400 with the binder's reason,
/// anything else 500 with a trace id and no internals (unless
/// <see cref="ProblemResponseOptions.ShowExceptionDetails"/>).
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    IOptions<ProblemResponseOptions> options,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = BindingFailure(bad.Message) ?? new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Malformed request",
                Detail = bad.Message,
            };
        }
        else
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred",
                Detail = options.Value.ShowExceptionDetails
                    ? exception.ToString()
                    : "The server failed to answer this request. The trace id identifies it in the service's logs.",
            };
        }

        context.Response.StatusCode = problem.Status!.Value;
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
        {
            return true;
        }

        // No writer took it (an Accept header without JSON): written anyway, since an unhandled
        // exception would reach the developer exception page, stack and all.
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        await context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, "application/problem+json", cancellationToken);
        return true;
    }

    /// <summary>
    /// A query, route or header value the binder could not convert (<c>page=abc</c>, a number past
    /// its type's range) as a validation problem under the field's name. The binder only says so
    /// in its message, whose wording ASP.NET Core has kept since minimal APIs began; a message of
    /// another shape stays the plain 400 it was.
    /// </summary>
    private static HttpValidationProblemDetails? BindingFailure(string message)
    {
        var match = BindingFailedPattern().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value;
        var field = char.ToLowerInvariant(name[0]) + name[1..];
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [field] = [$"{field} must be {Expected(match.Groups["type"].Value)}."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "A request value is not valid",
            Detail = $"The value of {field} could not be read.",
        };
    }

    private static string Expected(string typeName) => typeName.TrimEnd('?', '[', ']') switch
    {
        "int" => $"a whole number from {int.MinValue} to {int.MaxValue}",
        "long" => $"a whole number from {long.MinValue} to {long.MaxValue}",
        "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte" => "a whole number in range",
        "decimal" or "double" or "float" => "a plain decimal number, like 12.50",
        "bool" => "true or false",
        "Guid" => "an id (a UUID)",
        "DateTimeOffset" or "DateTime" or "DateOnly" => "an ISO 8601 date, like 2026-01-31",
        _ => "a valid value",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>[A-Za-z_][A-Za-z0-9_]*)" from ".*"\.$""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailedPattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
