using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Cart.Tests.Checkout;

/// <summary>
/// The second edition's checkout fields (shippingAddressId, shippingMethodId, couponCode) go to
/// Ordering as the shopper sent them, and Ordering's quote reads the cart through GET /internal/carts/{userId}.
/// </summary>
[Collection(CartCollection.Name)]
public sealed class PricingFieldsTests(CartStack stack)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Checkout_WithSavedAddressMethodAndCoupon_ForwardsThemAndNoAddress()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 1);
        var (addressId, methodId) = (Guid.NewGuid(), Guid.NewGuid());

        using var response = await shopper.CheckoutAsync(new { shippingAddressId = addressId, shippingMethodId = methodId, couponCode = "SPRING10", paymentMethodId = "pm_card_visa" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = Assert.Single(stack.Ordering.From(token)).Body;
        Assert.Equal(addressId, sent.GetProperty("shippingAddressId").GetGuid());
        Assert.Equal(methodId, sent.GetProperty("shippingMethodId").GetGuid());
        Assert.Equal("SPRING10", sent.GetProperty("couponCode").GetString());
        Assert.False(sent.TryGetProperty("shippingAddress", out _));
    }

    [Fact]
    public async Task Checkout_AddressAndAddressIdOrBadCoupon_Returns400AndSendsNothing()
    {
        var product = await stack.CreateProductAsync();
        using var shopper = stack.Shopper(out var token);
        await shopper.AddOkAsync(product.Id, 1);
        var address = new { name = "Ada", line1 = "1 St", city = "London", postalCode = "N1", country = "GB" };

        using var both = await shopper.CheckoutAsync(new { shippingAddress = address, shippingAddressId = Guid.NewGuid(), paymentMethodId = "pm_card_visa" });
        using var blankCoupon = await shopper.CheckoutAsync(new { shippingAddress = address, couponCode = " ", paymentMethodId = "pm_card_visa" });

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("shippingAddressId", (await both.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, blankCoupon.StatusCode);
        Assert.Contains("couponCode", (await blankCoupon.ReadAsync<ProblemBody>()).Errors!.Keys);
        Assert.Empty(stack.Ordering.From(token));
        Assert.Single((await shopper.GetCartAsync()).Items);
    }

    [Fact]
    public async Task InternalCart_WithServiceToken_AnswersTheUsersLines()
    {
        var first = await stack.CreateProductAsync();
        var second = await stack.CreateProductAsync();
        var token = stack.Tokens.ForCustomer(out var userId);
        using var shopper = stack.Client(token);
        await shopper.AddOkAsync(first.Id, 2);
        await shopper.AddOkAsync(second.Id, 1);
        using var ordering = stack.Client(stack.Tokens.ForService("ordering"));

        var cart = await ordering.GetFromJsonAsync<JsonElement>($"/internal/carts/{userId}", Token);
        var empty = await ordering.GetFromJsonAsync<JsonElement>($"/internal/carts/{Guid.NewGuid()}", Token);

        Assert.Equal(
            [(first.Id, 2), (second.Id, 1)],
            cart.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("productId").GetGuid(), l.GetProperty("quantity").GetInt32())).OrderBy(l => l.Item1 == first.Id ? 0 : 1));
        Assert.Empty(empty.GetProperty("lines").EnumerateArray());
    }

    [Fact]
    public async Task InternalCart_AnonymousOrCustomer_Is401Or403()
    {
        using var anonymous = stack.Client(token: null);
        using var customer = stack.Shopper(out _);
        var path = $"/internal/carts/{Guid.NewGuid()}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync(path, Token)).StatusCode);
    }
}
