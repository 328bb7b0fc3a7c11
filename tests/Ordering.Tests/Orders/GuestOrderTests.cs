using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>A guest's order: placed by Cart for a guest cart, read with its Order-Token and nothing else.</summary>
public sealed class GuestOrderTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    private static readonly object Address = new { name = "Gwen Guest", line1 = "2 Side St", city = "Durrës", postalCode = "2001", country = "AL" };

    private HttpRequestMessage GuestOrder(Guid productId, string? cart, string? email, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/internal/orders/guest")
        {
            Content = JsonContent.Create(new { items = new[] { new { productId, quantity = 2 } }, shippingAddress = Address, paymentMethodId = "pm_card_visa" }),
        };
        if (cart is not null)
        {
            request.Headers.Add("Guest-Cart", cart);
        }

        if (email is not null)
        {
            request.Headers.Add("Guest-Email", email);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private HttpClient Cart() => app.ClientWith(app.Tokens.ForService("cart"));

    private static async Task<(Guid Id, Guid UserId, string Token)> PlacedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("userId").GetGuid(), body.GetProperty("orderToken").GetString()!);
    }

    private HttpClient Anonymous(string? orderToken)
    {
        var client = app.CreateClient();
        if (orderToken is not null)
        {
            client.DefaultRequestHeaders.Add("Order-Token", orderToken);
        }

        return client;
    }

    [Fact]
    public async Task GuestOrder_IsReadWithItsToken_AndIs404WithAnyOtherOrNone()
    {
        var product = await app.ProductAsync(15m);
        using var cart = Cart();
        using var placed = await cart.SendAsync(GuestOrder(product, $"g-{Guid.NewGuid():N}", " Gwen@Example.com "), Token);
        var (orderId, guestId, orderToken) = await PlacedAsync(placed);

        using var guest = Anonymous(orderToken);
        var order = await guest.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}", Token);
        Assert.Equal((orderId, 30m), (order.GetProperty("id").GetGuid(), order.GetProperty("totalPrice").GetDecimal()));
        Assert.False(order.TryGetProperty("orderToken", out _), "the token is in the placing answer only");

        using var wrong = Anonymous(GuestOrders.NewToken());
        Assert.Equal(HttpStatusCode.NotFound, (await wrong.GetAsync($"/api/orders/{orderId}", Token)).StatusCode);
        using var none = Anonymous(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync($"/api/orders/{orderId}", Token)).StatusCode);
        using var stranger = app.Customer();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/orders/{orderId}", Token)).StatusCode);
        using var otherGuestsToken = Anonymous(orderToken);
        var someoneElses = await app.PlacedOrderAsync(app.Customer());
        Assert.Equal(HttpStatusCode.NotFound, (await otherGuestsToken.GetAsync($"/api/orders/{someoneElses.Id}", Token)).StatusCode);

        var stored = await app.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, Token));
        Assert.Equal(("gwen@example.com", guestId), (stored.GuestEmail, stored.UserId));
        Assert.NotEqual(orderToken, stored.GuestTokenHash);
        var told = await app.EventsAsync<GuestCheckedOut>(e => e.OrderId == orderId);
        Assert.Equal(("gwen@example.com", guestId, orderToken, "Gwen Guest"), (Assert.Single(told).Email, told[0].GuestId, told[0].OrderToken, told[0].Name));
        Assert.Equal(guestId, Assert.Single(await app.EventsAsync<OrderPlaced>(e => e.OrderId == orderId)).UserId);
    }

    [Fact]
    public async Task GuestOrder_SameKeyAgain_AnswersTheSameOrderAndToken_AnotherCartsSameKeyIsItsOwn()
    {
        var product = await app.ProductAsync(4m);
        using var cart = Cart();
        var guestCart = $"g-{Guid.NewGuid():N}";

        var first = await PlacedAsync(await cart.SendAsync(GuestOrder(product, guestCart, "repeat@example.com", "checkout-1"), Token));
        var again = await PlacedAsync(await cart.SendAsync(GuestOrder(product, guestCart, "repeat@example.com", "checkout-1"), Token));
        var otherCart = await PlacedAsync(await cart.SendAsync(GuestOrder(product, $"g-{Guid.NewGuid():N}", "repeat@example.com", "checkout-1"), Token));

        Assert.Equal(first, again);
        Assert.NotEqual(first.Id, otherCart.Id);
        Assert.NotEqual(first.UserId, otherCart.UserId);
    }

    [Fact]
    public async Task GuestOrder_WithoutEmailOrCart_Is400_AndACustomerMayNotCallIt()
    {
        var product = await app.ProductAsync(4m);
        var before = await app.WithDbAsync(db => db.Orders.CountAsync(Token));
        using var cart = Cart();

        using var noEmail = await cart.SendAsync(GuestOrder(product, "g-abc", null), Token);
        using var badEmail = await cart.SendAsync(GuestOrder(product, "g-abc", "not an email"), Token);
        using var noCart = await cart.SendAsync(GuestOrder(product, null, "x@example.com"), Token);
        using var customer = app.Customer();
        using var asCustomer = await customer.SendAsync(GuestOrder(product, "g-abc", "x@example.com"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, noEmail.StatusCode);
        Assert.Contains("email", (await noEmail.Content.ReadFromJsonAsync<ProblemBody>(Token))!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCart.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(db => db.Orders.CountAsync(Token)));
    }

    [Fact]
    public async Task VerifyingTheGuestsEmail_MakesTheirGuestOrdersTheUsers_Once()
    {
        var product = await app.ProductAsync(6m);
        var email = $"claim-{Guid.NewGuid():N}@example.com";
        using var cart = Cart();
        var first = await PlacedAsync(await cart.SendAsync(GuestOrder(product, $"g-{Guid.NewGuid():N}", email), Token));
        var second = await PlacedAsync(await cart.SendAsync(GuestOrder(product, $"g-{Guid.NewGuid():N}", email.ToUpperInvariant()), Token));
        var someoneElses = await PlacedAsync(await cart.SendAsync(GuestOrder(product, $"g-{Guid.NewGuid():N}", $"other-{email}"), Token));
        using var user = app.Customer(out var userId);
        var verified = new Bazaar.Contracts.Identity.UserEmailVerified(userId, email.ToUpperInvariant(), DateTimeOffset.UtcNow);

        await app.HandledAsync(verified);
        await app.HandledAsync(verified);

        var mine = (await user.GetFromJsonAsync<PagedBody<OrderBody>>("/api/orders", Token))!;
        Assert.Equal([second.Id, first.Id], mine.Items.Select(o => o.Id));
        var claimed = Assert.Single(await app.EventsAsync<GuestOrdersClaimed>(e => e.UserId == userId));
        Assert.Equal([first.Id, second.Id], claimed.OrderIds.Order());
        var untouched = await app.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == someoneElses.Id, Token));
        Assert.Equal(someoneElses.UserId, untouched.UserId);
        using var guest = Anonymous(first.Token);
        Assert.Equal(HttpStatusCode.OK, (await guest.GetAsync($"/api/orders/{first.Id}", Token)).StatusCode);
    }

    [Fact]
    public async Task GuestQuote_WithTheCartToken_PricesTheGuestCartAsItsOrderIsPriced()
    {
        var product = await app.ProductAsync(7.25m);
        var (cartToken, guestCart) = (GuestOrders.NewToken(), $"g-{Guid.NewGuid():N}");
        app.Neighbours.SetGuestCart(cartToken, guestCart, (product, 2));
        using var guest = Anonymous(null);
        guest.DefaultRequestHeaders.Add("Cart-Token", cartToken);

        using var quoted = await guest.PostAsJsonAsync("/api/checkout/quote", new { fromCart = true, shippingAddress = Address }, Token);
        Assert.Equal(HttpStatusCode.OK, quoted.StatusCode);
        var quote = await quoted.Content.ReadFromJsonAsync<JsonElement>(Token);
        using var cart = Cart();
        using var placed = await cart.SendAsync(GuestOrder(product, guestCart, "quote@example.com"), Token);
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(14.50m, quote.GetProperty("totalPrice").GetDecimal());
        Assert.Equal(order.GetProperty("totalPrice").GetDecimal(), quote.GetProperty("totalPrice").GetDecimal());

        using var withSavedAddress = await guest.PostAsJsonAsync("/api/checkout/quote", new { fromCart = true, shippingAddressId = Guid.NewGuid() }, Token);
        Assert.Equal(HttpStatusCode.BadRequest, withSavedAddress.StatusCode);
        using var unknown = Anonymous(null);
        unknown.DefaultRequestHeaders.Add("Cart-Token", GuestOrders.NewToken());
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.PostAsJsonAsync("/api/checkout/quote", new { fromCart = true }, Token)).StatusCode);
        using var nobody = Anonymous(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.PostAsJsonAsync("/api/checkout/quote", new { fromCart = true }, Token)).StatusCode);
    }
}
