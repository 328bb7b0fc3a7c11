using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bazaar.Ordering.Tests;

/// <summary>
/// Plays Identity's GET /internal/users/{userId}/addresses/{addressId} and Cart's GET
/// /internal/carts/{userId} on a real port, as Ordering calls them (with its service token).
/// Identity's address book is being written beside this work; the platform tests run the real ones.
/// </summary>
public sealed class NeighboursStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(Guid UserId, Guid AddressId), object> addresses = new();
    private readonly ConcurrentDictionary<Guid, object[]> carts = new();
    private readonly ConcurrentDictionary<string, (string GuestCart, object[] Lines)> guestCarts = new();
    private WebApplication? app;

    public Uri Url { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/internal/users/{userId:guid}/addresses/{addressId:guid}", (Guid userId, Guid addressId, HttpContext http) =>
            !IsService(http) ? Results.StatusCode(401)
            : addresses.TryGetValue((userId, addressId), out var address) ? Results.Json(address)
            : Results.Problem(statusCode: 404, title: "Address not found"));
        app.MapGet("/internal/carts/{userId:guid}", (Guid userId, HttpContext http) =>
            !IsService(http) ? Results.StatusCode(401) : Results.Json(new { lines = carts.GetValueOrDefault(userId, []) }));
        app.MapGet("/internal/carts/guest", (HttpContext http) =>
            !IsService(http) ? Results.StatusCode(401)
            : guestCarts.TryGetValue(http.Request.Headers["Cart-Token"].ToString(), out var cart) ? Results.Json(new { lines = cart.Lines, guestCart = cart.GuestCart })
            : Results.NotFound());
        await app.StartAsync();
        Url = new Uri(app.Urls.First());
    }

    /// <summary>Saves an address in <paramref name="userId"/>'s book, shaped as Identity answers it; returns its id.</summary>
    public Guid SaveAddress(Guid userId, string country, string? region = null, string name = "Grace Hopper")
    {
        var id = Guid.CreateVersion7();
        addresses[(userId, id)] = new
        {
            id, label = "Home", name, line1 = "7 Navy Yard", line2 = (string?)null, city = "Arlington", region, postalCode = "22202", country, phone = "+1 555 0100", isDefault = true,
        };
        return id;
    }

    public void SetCart(Guid userId, params (Guid ProductId, int Quantity)[] lines) =>
        carts[userId] = [.. lines.Select(l => (object)new { productId = l.ProductId, quantity = l.Quantity })];

    /// <summary>A guest cart Cart knows by <paramref name="cartToken"/>, named <paramref name="guestCart"/>.</summary>
    public void SetGuestCart(string cartToken, string guestCart, params (Guid ProductId, int Quantity)[] lines) =>
        guestCarts[cartToken] = (guestCart, [.. lines.Select(l => (object)new { productId = l.ProductId, quantity = l.Quantity })]);

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private static bool IsService(HttpContext http) => http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);
}
