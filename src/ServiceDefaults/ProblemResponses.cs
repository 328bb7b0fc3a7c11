using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.ServiceDefaults;

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
/// Turns every exception into RFC 9457 problem details: malformed requests become 400 with the
/// binder's reason, anything else 500 without internals (stack traces only in Development).
/// </summary>
internal sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems,
    IHostEnvironment environment,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            problem = new ProblemDetails
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
                Detail = environment.IsDevelopment() ? exception.ToString() : null,
            };
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
