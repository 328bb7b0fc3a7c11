using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>A first-time visitor buys without an account, through the gateway, and is mailed.</summary>
public sealed class GuestCheckoutTests(RunningPlatform platform)
{
    [Fact]
    public async Task Visitor_AddsChecksOutAsGuest_IsPaid_MailedWithALinkThatOpensTheOrder()
    {
        using var admin = await Shop.AdminAsync(platform);
        var productId = await Shop.CreateProductAsync(admin, "Guest Teapot", 18.50m, stock: 3);
        await Checkout.StockedAsync(admin, productId, 3);
        var email = $"guest-{Guid.NewGuid():N}@example.test";

        using var visitor = platform.CreateClient();
        using var added = await visitor.PostAsJsonAsync("/api/cart/items", new { productId, quantity = 2 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var cartToken = added.Headers.GetValues("Cart-Token").Single();
        visitor.DefaultRequestHeaders.Add("Cart-Token", cartToken);
        var cart = await Shop.GetJsonAsync(visitor, "/api/cart");
        Assert.Equal(37.00m, cart.GetProperty("totalPrice").GetDecimal());

        using var placed = await visitor.PostAsJsonAsync("/api/cart/checkout", new { shippingAddress = Checkout.Address, paymentMethodId = "pm_card_visa", email });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var answer = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var (orderId, orderToken) = (answer.GetProperty("orderId").GetGuid(), answer.GetProperty("orderToken").GetString()!);

        using var guest = platform.CreateClient();
        guest.DefaultRequestHeaders.Add("Order-Token", orderToken);
        var paid = await Checkout.WaitForStatusAsync(guest, orderId, "paid", TimeSpan.FromSeconds(60));
        Assert.Equal(37.00m, paid.GetProperty("totalPrice").GetDecimal());
        using var anonymous = platform.CreateClient();
        anonymous.DefaultRequestHeaders.Add("Order-Token", orderToken[..^2] + "xx");
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/orders/{orderId}")).StatusCode);

        var linkMail = await platform.Mail.WaitForMailAsync(email, "We have your Bazaar order", TimeSpan.FromSeconds(30));
        var link = new Uri(linkMail.Text!.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).Single(w => w.Contains($"/orders/{orderId}", StringComparison.Ordinal)));
        Assert.Equal(orderToken, QueryHelpers.ParseQuery(link.Query)["token"].ToString());
        await platform.Mail.WaitForMailAsync(email, "is confirmed", TimeSpan.FromSeconds(30));
        Assert.Empty((await Shop.GetJsonAsync(visitor, "/api/cart")).GetProperty("items").EnumerateArray());
    }
}
