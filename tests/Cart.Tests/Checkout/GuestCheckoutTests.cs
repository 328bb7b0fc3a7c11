using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Cart.Tests.Checkout;

/// <summary>A guest checks out their cart with an email, and gets an order token to read the order.</summary>
[Collection(CartCollection.Name)]
public sealed class GuestCheckoutTests(CartStack stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly object Address = new { name = "Gwen Guest", line1 = "2 Side St", city = "Durrës", postalCode = "2001", country = "AL" };

    private async Task<(HttpClient Guest, string CartToken)> GuestWithCartAsync(Guid productId, int quantity)
    {
        var guest = stack.Client(token: null);
        using var added = await guest.PostAsJsonAsync("/api/cart/items", new { productId, quantity }, Token);
        added.EnsureSuccessStatusCode();
        var cartToken = (await added.ReadJsonAsync()).GetProperty("cartToken").GetString()!;
        guest.DefaultRequestHeaders.Add("Cart-Token", cartToken);
        return (guest, cartToken);
    }

    [Fact]
    public async Task Guest_ChecksOutWithEmail_OrderPlacedAsTheGuestCart_TokenAnswered_CartEmptied()
    {
        var product = await stack.CreateProductAsync(9m);
        var (guest, cartToken) = await GuestWithCartAsync(product.Id, 2);
        using var _ = guest;
        var guestCart = "g-" + Bazaar.Cart.Carts.GuestCartToken.Hash(cartToken);

        using var response = await guest.CheckoutAsync(new { shippingAddress = Address, paymentMethodId = "pm_card_visa", email = " gwen@example.com " });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var orderId = body.GetProperty("orderId").GetGuid();
        Assert.Equal($"token-of-{orderId:N}", body.GetProperty("orderToken").GetString());
        var sent = Assert.Single(stack.Ordering.ForGuestCart(guestCart));
        Assert.Equal(("/internal/orders/guest", "gwen@example.com"), (sent.Path, sent.GuestEmail));
        Assert.Equal("cart", SubjectOf(sent.Authorization));
        Assert.DoesNotContain(cartToken, sent.Authorization + sent.GuestCart + sent.Body.GetRawText(), StringComparison.Ordinal);
        Assert.Empty((await guest.GetCartAsync()).Items);
    }

    /// <summary>The subject of a bearer JWT: Cart places a guest's order with its own service token.</summary>
    private static string SubjectOf(string authorization)
    {
        var payload = authorization["Bearer ".Length..].Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
    }

    [Fact]
    public async Task Guest_WithoutAValidEmail_Is400_AndTheCartIsKept()
    {
        var product = await stack.CreateProductAsync(9m);
        var (guest, cartToken) = await GuestWithCartAsync(product.Id, 1);
        using var _ = guest;

        foreach (var email in new string?[] { null, "", "nobody", "a@b@c" })
        {
            using var response = await guest.CheckoutAsync(new { shippingAddress = Address, paymentMethodId = "pm_card_visa", email });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("email", (await response.ReadAsync<ProblemBody>()).Errors!.Keys);
        }

        Assert.Empty(stack.Ordering.ForGuestCart("g-" + Bazaar.Cart.Carts.GuestCartToken.Hash(cartToken)));
        Assert.Single((await guest.GetCartAsync()).Items);
    }

    [Fact]
    public async Task Guest_SameIdempotencyKeyTwice_OneOrderTheSameAnswer()
    {
        var product = await stack.CreateProductAsync(3m);
        var (guest, cartToken) = await GuestWithCartAsync(product.Id, 1);
        using var _ = guest;
        var body = new { shippingAddress = Address, paymentMethodId = "pm_card_visa", email = "twice@example.com" };

        using var first = await guest.CheckoutAsync(body, "guest-key-1");
        using var second = await guest.CheckoutAsync(body, "guest-key-1");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        Assert.Equal((await first.ReadJsonAsync()).GetRawText(), (await second.ReadJsonAsync()).GetRawText());
        Assert.Single(stack.Ordering.ForGuestCart("g-" + Bazaar.Cart.Carts.GuestCartToken.Hash(cartToken)));
    }

    [Fact]
    public async Task SignedIn_Checkout_AnswersNoOrderToken()
    {
        var product = await stack.CreateProductAsync(3m);
        using var shopper = stack.Shopper(out _);
        await shopper.AddOkAsync(product.Id, 1);

        using var response = await shopper.CheckoutAsync(new { shippingAddress = Address, paymentMethodId = "pm_card_visa" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False((await response.ReadJsonAsync()).TryGetProperty("orderToken", out JsonElement _));
    }
}
