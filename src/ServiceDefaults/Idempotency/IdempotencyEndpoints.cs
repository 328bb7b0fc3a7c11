using System.Text;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using StackExchange.Redis;

namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>Which answers a key keeps for replay; the others give the key back for a retry.</summary>
public enum IdempotencyKeeps
{
    /// <summary>Every answer below 500 (Stripe's rule: a decline is an answer; a server error may be retried).</summary>
    AnswersBelow500,

    /// <summary>Only 2xx: a refused request changed nothing, and its retry is judged afresh.</summary>
    Successes,
}

public static class IdempotencyEndpoints
{
    /// <summary>Keys in the service's database: add <see cref="IdempotencyModel.AddIdempotencyKeys"/> to its model.</summary>
    public static IHostApplicationBuilder AddIdempotency<TDb>(this IHostApplicationBuilder builder)
        where TDb : DbContext
    {
        AddCommon(builder);
        builder.Services.AddScoped<IIdempotencyStore, EfIdempotencyStore<TDb>>();
        builder.Services.AddHostedService<IdempotencySweep<TDb>>();
        return builder;
    }

    /// <summary>Keys in Redis (the service registers its <see cref="IConnectionMultiplexer"/>).</summary>
    public static IHostApplicationBuilder AddRedisIdempotency(this IHostApplicationBuilder builder)
    {
        AddCommon(builder);
        builder.Services.AddScoped<IIdempotencyStore, RedisIdempotencyStore>();
        return builder;
    }

    /// <summary>
    /// The route takes an Idempotency-Key, per user; <paramref name="scope"/> is part of what makes
    /// two requests the same (routes that share a scope share their keys), with the route values
    /// and the bound <typeparamref name="TBody"/>. Keys belong to the caller's user; a route whose
    /// callers are not users (a guest's cart, a service acting for one) names the owner with
    /// <paramref name="owner"/>: requests it answers null for take no key.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TBody>(
        this RouteHandlerBuilder builder, string scope, IdempotencyKeeps keeps = IdempotencyKeeps.AnswersBelow500, Func<HttpContext, Guid?>? owner = null) =>
        builder.AddEndpointFilter(new IdempotencyFilter<TBody>(scope, keeps, owner ?? (http => http.User.UserId())))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKey.Header,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = $"Up to {IdempotencyKey.MaxLength} characters: the same key and request within 24 h answers the first response again and does nothing; another request is 422; while the first runs, 409.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKey.MaxLength },
                });
                return Task.CompletedTask;
            });

    private static void AddCommon(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.IsValid(), "Idempotency: Retention, Lease and SweepInterval must be positive, the lease shorter than the retention.")
            .ValidateOnStart();
        builder.Services.AddScoped<IdempotentRequest>();
    }
}

internal sealed class IdempotencyFilter<TBody>(string scope, IdempotencyKeeps keeps, Func<HttpContext, Guid?> owner) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.RequestServices.GetRequiredService<IdempotentRequest>();
        request.RequestHash = IdempotencyKey.Hash(scope, http.Request.RouteValues, context.Arguments.OfType<TBody>().FirstOrDefault());
        if (http.Request.Headers.TryGetValue(IdempotencyKey.Header, out var values) && owner(http) is { } userId)
        {
            var key = values.ToString();
            if ((values.Count != 1 ? $"{IdempotencyKey.Header} must be one value." : IdempotencyKey.Check(key)) is { } error)
            {
                return Problems.Invalid(IdempotencyKey.Header, error, "The Idempotency-Key is not valid");
            }

            if (await request.ClaimAsync(userId, key, http.RequestAborted) is { } answer)
            {
                return answer;
            }
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await request.ReleaseAsync();
            throw;
        }

        if (!request.IsClaimed)
        {
            return result;
        }

        if (result is not IResult inner)
        {
            await request.ReleaseAsync();
            throw new InvalidOperationException("An idempotent endpoint must return an IResult.");
        }

        return new RecordingResult(inner, request, keeps);
    }

    /// <summary>Writes the answer as usual, keeps what was written, and completes or releases the key.</summary>
    private sealed class RecordingResult(IResult inner, IdempotentRequest request, IdempotencyKeeps keeps) : IResult
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
                await request.ReleaseAsync();
                throw;
            }

            http.Response.Body = body;
            var status = http.Response.StatusCode;
            if (keeps == IdempotencyKeeps.Successes ? status is >= 200 and < 300 : status < 500)
            {
                var location = http.Response.Headers.Location.ToString();
                await request.CompleteAsync(new StoredResponse(
                    status, http.Response.ContentType, Encoding.UTF8.GetString(buffer.ToArray()), location.Length == 0 ? null : location));
            }
            else
            {
                await request.ReleaseAsync();
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(body, http.RequestAborted);
        }
    }
}
