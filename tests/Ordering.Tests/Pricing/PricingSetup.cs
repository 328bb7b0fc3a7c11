using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Ordering.Tests.Pricing;

public sealed record QuoteLineBody(Guid ProductId, int Quantity, decimal UnitPrice, decimal Discount, decimal TaxRate, decimal Tax, decimal LineTotal);

public sealed record QuoteMethodBody(Guid Id, string Name, decimal Price);

public sealed record CouponBody(string Code, decimal Discount);

public sealed record QuoteBody(
    List<QuoteLineBody> Lines, decimal Subtotal, decimal DiscountTotal, decimal ShippingPrice, decimal TaxTotal, decimal TotalPrice, string Currency, List<QuoteMethodBody> ShippingMethods, CouponBody? Coupon);

public sealed record PricedItemBody(Guid ProductId, int Quantity, decimal UnitPrice, decimal Discount, decimal TaxRate, decimal Tax);

public sealed record MethodRefBody(Guid Id, string Name);

public sealed record DiscountBody(string Code, decimal Amount);

public sealed record PricedAddressBody(string Name, string City, string Country, string? Region, string? Phone);

public sealed record PricedOrderBody(
    Guid Id,
    string Status,
    List<PricedItemBody> Items,
    decimal Subtotal,
    decimal DiscountTotal,
    decimal ShippingPrice,
    decimal TaxTotal,
    decimal TotalPrice,
    MethodRefBody? ShippingMethod,
    List<DiscountBody> Discounts,
    PricedAddressBody ShippingAddress);

public sealed record PromotionBody(Guid Id, string Code, string Kind, decimal Value, int? UsageLimit, int? PerCustomerLimit, int TimesUsed);

/// <summary>The admin's side of pricing, and checkout bodies, for the pricing tests.</summary>
public static class PricingSetup
{
    private static int country = Random.Shared.Next(26 * 26);

    private static CancellationToken Token => OrderingApp.Cancellation;

    /// <summary>A two-letter code no other test of the run uses, so shipping methods and rates of one test never reach another's orders.</summary>
    public static string NewCountry()
    {
        while (true)
        {
            var n = Interlocked.Increment(ref country) % (26 * 26);
            var code = $"{(char)('A' + (n / 26))}{(char)('A' + (n % 26))}";
            if (code != "US")
            {
                // US is where the other tests' orders go, with no method or rate of their own.
                return code;
            }
        }
    }

    public static object Address(string country, string? region = null) =>
        new { name = "Ada Lovelace", line1 = "1 Main St", city = "Springfield", postalCode = "12345", country, region };

    public static async Task<Guid> ShippingMethodAsync(this OrderingApp app, string country, decimal price, decimal? freeOver = null, string name = "Standard")
    {
        using var admin = app.Admin();
        var response = await admin.PostAsJsonAsync(
            "/api/shipping/methods", new { name, carrier = "bazaar_post", countries = new[] { country }, price, freeOver, estimatedDays = new { min = 2, max = 5 } }, Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task TaxRatesAsync(this OrderingApp app, params object[] rates)
    {
        using var admin = app.Admin();
        (await admin.PutAsJsonAsync("/api/tax/rates", rates, Token)).EnsureSuccessStatusCode();
    }

    public static async Task<PromotionBody> PromotionAsync(this OrderingApp app, object body)
    {
        using var admin = app.Admin();
        var response = await admin.PostAsJsonAsync("/api/promotions", body, Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<PromotionBody>();
    }

    public static async Task<PromotionBody> PromotionAsync(this OrderingApp app, Guid id)
    {
        using var admin = app.Admin();
        return (await admin.GetFromJsonAsync<PromotionBody>($"/api/promotions/{id}", Token))!;
    }

    public static string NewCode() => $"C{Guid.NewGuid():N}"[..12].ToUpperInvariant();

    public static Task<HttpResponseMessage> PostOrderAsync(this HttpClient client, object body) => client.PostAsJsonAsync("/api/orders", body, Token);

    public static Task<HttpResponseMessage> QuoteAsync(this HttpClient client, object body) => client.PostAsJsonAsync("/api/checkout/quote", body, Token);

    public static object[] Items(params (Guid ProductId, int Quantity)[] lines) => [.. lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity })];

    public static async Task<string[]> ErrorsAsync(this HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadAsync<ProblemBody>()).Errors!;
        Assert.True(errors.ContainsKey(field), $"errors has {string.Join(", ", errors.Keys)}, not {field}");
        return errors[field];
    }
}
