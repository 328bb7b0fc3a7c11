using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bazaar.Cart.Tests;

/// <summary>How the stand-in answers one shopper's orders.</summary>
public enum OrderingAnswer
{
    /// <summary>201 with a new pending order; a repeated Idempotency-Key gets the first order again, as Ordering does.</summary>
    Created,
    Unavailable,

    /// <summary>A 400 problem: Ordering refusing the order.</summary>
    Refused,

    /// <summary>409 "still running" twice (an earlier attempt with the key is in progress), then as Created.</summary>
    InProgressTwice,

    /// <summary>Drops the connection without an answer (Ordering crashing mid-request).</summary>
    Abort,
}

/// <summary>
/// Plays Ordering's POST /api/orders on a real port, recording what Cart forwards. Ordering is
/// being written beside Cart; platform tests must run the real one in its place.
/// </summary>
public sealed class OrderingStandIn : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> received = new();
    private readonly ConcurrentDictionary<string, OrderingAnswer> answers = new();
    private readonly ConcurrentDictionary<string, Guid> ordersByKey = new();
    private WebApplication? app;

    public sealed record Received(string Authorization, string? IdempotencyKey, JsonElement Body, string Path = "/api/orders", string? GuestCart = null, string? GuestEmail = null);

    public Uri Url { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/api/orders", (Func<HttpContext, Task<IResult>>)HandleAsync);
        app.MapPost("/internal/orders/guest", (Func<HttpContext, Task<IResult>>)HandleAsync);
        await app.StartAsync();
        Url = new Uri(app.Urls.First());
    }

    /// <summary>How orders placed with <paramref name="token"/> are answered from now on (Created by default).</summary>
    public void AnswerFor(string token, OrderingAnswer answer) => answers[$"Bearer {token}"] = answer;

    /// <summary>What Cart sent for the guest cart <paramref name="guestCart"/>.</summary>
    public IReadOnlyList<Received> ForGuestCart(string guestCart) => received.Where(r => r.GuestCart == guestCart).ToList();

    /// <summary>What Cart sent in the name of the shopper holding <paramref name="token"/>.</summary>
    public IReadOnlyList<Received> From(string token) => received.Where(r => r.Authorization == $"Bearer {token}").ToList();

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var key = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        var guestCart = context.Request.Headers["Guest-Cart"].FirstOrDefault();
        received.Enqueue(new Received(authorization, key, body, context.Request.Path, guestCart, context.Request.Headers["Guest-Email"].FirstOrDefault()));
        switch (answers.GetValueOrDefault(authorization, OrderingAnswer.Created))
        {
            case OrderingAnswer.Unavailable:
                return Results.Problem(statusCode: 503, title: "Ordering is down");
            case OrderingAnswer.Refused:
                return Results.Problem(statusCode: 400, title: "Order refused by Ordering", detail: "Ordering said no.");
            case OrderingAnswer.InProgressTwice when received.Count(r => r.Authorization == authorization) <= 2:
                return Results.Problem(statusCode: 409, title: "Request in progress", detail: "The first request with this Idempotency-Key is still running.");
            case OrderingAnswer.Abort:
                context.Abort();
                return Results.Empty;
            default:
                var id = key is null ? Guid.CreateVersion7() : ordersByKey.GetOrAdd($"{authorization}|{guestCart}|{key}", _ => Guid.CreateVersion7());
                return guestCart is null
                    ? Results.Json(new { id, userId = Guid.NewGuid(), status = "pending", items = body.GetProperty("items") }, statusCode: 201)
                    : Results.Json(new { id, userId = Guid.NewGuid(), status = "pending", items = body.GetProperty("items"), orderToken = $"token-of-{id:N}" }, statusCode: 201);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
