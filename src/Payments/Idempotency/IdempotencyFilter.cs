using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Payments.Idempotency;

/// <summary>Marks a request body whose content decides whether a repeated Idempotency-Key means the same request.</summary>
public interface IIdempotentRequest;

public static class IdempotencyEndpoints
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>
    /// The contract's Idempotency-Key: the same key and body within 24 h replays the first response
    /// (status, body, Location) and does nothing again; another body is 422; while the first runs, 409.
    /// Keys are per user; <paramref name="scope"/> tells routes apart (POST /payments and /charge share one).
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder, string scope) =>
        builder.AddEndpointFilter(new IdempotencyFilter(scope));
}

internal sealed class IdempotencyFilter(string scope) : IEndpointFilter
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A first request unfinished this long died with its process; the same request may take its key over.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(IdempotencyEndpoints.HeaderName, out var values) || http.User.UserId() is not { } userId)
        {
            return await next(context);
        }

        var key = values.ToString();
        if (values.Count != 1 || string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyRecord.MaxKeyLength)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotencyEndpoints.HeaderName] = [$"Idempotency-Key must be one value of 1 to {IdempotencyRecord.MaxKeyLength} characters."] },
                title: "The Idempotency-Key is not valid");
        }

        var db = http.RequestServices.GetRequiredService<PaymentsDb>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var hash = Hash(context);
        if (!await ClaimAsync(db, userId, key, hash, now, http.RequestAborted))
        {
            var first = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, http.RequestAborted);
            return first switch
            {
                null => Conflict("The first request with this Idempotency-Key just ended; send this one again."),
                _ when first.RequestHash != hash => TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was used with another request body; use a new key for a new request."),
                { CompletedAt: null } => Conflict("The first request with this Idempotency-Key is still running; ask again when it has finished."),
                _ => new ReplayResult(first),
            };
        }

        try
        {
            if (await next(context) is IResult result)
            {
                return new RecordingResult(result, userId, key, db);
            }

            throw new InvalidOperationException("An idempotent endpoint must return an IResult.");
        }
        catch
        {
            await ReleaseAsync(db, userId, key);
            throw;
        }
    }

    /// <summary>One statement: a new key, an expired one, or a stale unfinished one with the same body is ours.</summary>
    private static async Task<bool> ClaimAsync(PaymentsDb db, Guid userId, string key, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = now - Window;
        var stale = now - StaleAfter;
        return await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ({userId}, {key}, {hash}, {now})
            ON CONFLICT (user_id, key) DO UPDATE
                SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, status_code = NULL,
                    content_type = NULL, response_body = NULL, location = NULL, completed_at = NULL
                WHERE idempotency_keys.created_at < {expired}
                   OR (idempotency_keys.completed_at IS NULL AND idempotency_keys.created_at < {stale} AND idempotency_keys.request_hash = EXCLUDED.request_hash)
            """,
            cancellationToken) == 1;
    }

    private static Task ReleaseAsync(PaymentsDb db, Guid userId, string key) =>
        db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key && r.CompletedAt == null).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>The route, its route values and the bound body as JSON: the same JSON body, however spaced, is the same request.</summary>
    private string Hash(EndpointFilterInvocationContext context)
    {
        var body = context.Arguments.OfType<IIdempotentRequest>().FirstOrDefault();
        var route = string.Join('&', context.HttpContext.Request.RouteValues.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
        var text = $"{scope}\n{route}\n{(body is null ? string.Empty : JsonSerializer.Serialize(body, body.GetType()))}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress", detail: detail);

    /// <summary>Writes the result as usual, keeps what was written, and stores it for replays (not 5xx: those may be retried).</summary>
    private sealed class RecordingResult(IResult inner, Guid userId, string key, PaymentsDb db) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var body = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(http);
            }
            catch
            {
                http.Response.Body = body;
                await ReleaseAsync(db, userId, key);
                throw;
            }

            http.Response.Body = body;
            var status = http.Response.StatusCode;
            if (status >= 500)
            {
                await ReleaseAsync(db, userId, key);
            }
            else
            {
                var text = Encoding.UTF8.GetString(buffer.ToArray());
                var contentType = http.Response.ContentType;
                var location = http.Response.Headers.Location.ToString();
                var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                await db.IdempotencyRecords.Where(r => r.UserId == userId && r.Key == key).ExecuteUpdateAsync(
                    set => set.SetProperty(r => r.StatusCode, status)
                        .SetProperty(r => r.ContentType, contentType)
                        .SetProperty(r => r.ResponseBody, text)
                        .SetProperty(r => r.Location, string.IsNullOrEmpty(location) ? null : location)
                        .SetProperty(r => r.CompletedAt, now),
                    CancellationToken.None);
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(body, http.RequestAborted);
        }
    }

    private sealed class ReplayResult(IdempotencyRecord first) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = first.StatusCode!.Value;
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (first.Location is not null)
            {
                http.Response.Headers.Location = first.Location;
            }

            if (first.ResponseBody is { Length: > 0 } body)
            {
                http.Response.ContentType = first.ContentType;
                await http.Response.WriteAsync(body, http.RequestAborted);
            }
        }
    }
}
