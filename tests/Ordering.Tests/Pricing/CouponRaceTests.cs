using System.Net;
using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;

namespace Bazaar.Ordering.Tests.Pricing;

/// <summary>
/// A coupon's limits hold however many checkouts race, as stock does: the use is counted in the
/// order's own transaction under the promotion's row lock. An order cancelled before payment gives
/// its use back, once.
/// </summary>
public sealed class CouponRaceTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private const int Limit = 4;
    private const int Racers = 12;

    [Fact]
    public async Task PlaceOrder_MoreParallelCheckoutsThanTheUsageLimit_ExactlyTheLimitGetTheCoupon()
    {
        var product = await app.ProductAsync(10m);
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "percent", value = 50m, usageLimit = Limit });
        var customers = Enumerable.Range(0, Racers).Select(_ => app.Customer()).ToList();
        using var start = new SemaphoreSlim(0);

        var racing = customers.Select(async c =>
        {
            await start.WaitAsync(OrderingApp.Cancellation);
            return await c.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = OrderRequests.Address, couponCode = coupon.Code });
        }).ToList();
        start.Release(Racers);
        var responses = await Task.WhenAll(racing);

        var placed = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(Limit, placed.Count);
        foreach (var refused in responses.Except(placed))
        {
            Assert.Equal(["used_up"], await refused.ErrorsAsync("couponCode"));
        }

        foreach (var order in placed)
        {
            Assert.Equal(5.00m, (await order.ReadAsync<PricedOrderBody>()).DiscountTotal);
        }

        Assert.Equal(Limit, (await app.PromotionAsync(coupon.Id)).TimesUsed);
        customers.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task PlaceOrder_OneCustomersParallelCheckoutsWithPerCustomerLimitOne_ExactlyOneGetsIt()
    {
        var product = await app.ProductAsync(10m);
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 2m, perCustomerLimit = 1 });
        using var customer = app.Customer();
        using var start = new SemaphoreSlim(0);

        var racing = Enumerable.Range(0, 6).Select(async _ =>
        {
            await start.WaitAsync(OrderingApp.Cancellation);
            return await customer.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = OrderRequests.Address, couponCode = coupon.Code });
        }).ToList();
        start.Release(6);
        var responses = await Task.WhenAll(racing);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(["already_used"], await refused.ErrorsAsync("couponCode"));
        }

        Assert.Equal(1, (await app.PromotionAsync(coupon.Id)).TimesUsed);
        using var other = app.Customer();
        Assert.Equal(HttpStatusCode.Created, (await other.PostOrderAsync(new { items = PricingSetup.Items((product, 1)), shippingAddress = OrderRequests.Address, couponCode = coupon.Code })).StatusCode);
    }

    [Fact]
    public async Task CancelBeforePayment_GivesTheUseBackOnceEvenWhenTheCancelIsHandledTwice()
    {
        var product = await app.ProductAsync(10m);
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, usageLimit = 2 });
        using var first = app.Customer();
        using var second = app.Customer();
        var body = new { items = PricingSetup.Items((product, 1)), shippingAddress = OrderRequests.Address, couponCode = coupon.Code };
        var short1 = await (await first.PostOrderAsync(body)).ReadAsync<PricedOrderBody>();
        var kept = await (await second.PostOrderAsync(body)).ReadAsync<PricedOrderBody>();
        Assert.Equal(2, (await app.PromotionAsync(coupon.Id)).TimesUsed);

        var failed = new StockReservationFailed(short1.Id, [new StockLine(product, 1)], DateTimeOffset.UtcNow);
        await app.HandledAsync(failed);
        await app.HandledAsync(failed);
        await app.HandledAsync(new ReservationExpired(short1.Id, [new StockLine(product, 1)], DateTimeOffset.UtcNow));

        Assert.Equal("cancelled", (await first.OrderAsync(short1.Id)).Status);
        Assert.Equal(1, (await app.PromotionAsync(coupon.Id)).TimesUsed);
        Assert.Equal(("pending", 1m), (kept.Status, kept.DiscountTotal));

        // The use given back is usable once more, and only once.
        using var third = app.Customer();
        using var fourth = app.Customer();
        Assert.Equal(HttpStatusCode.Created, (await third.PostOrderAsync(body)).StatusCode);
        Assert.Equal(["used_up"], await (await fourth.PostOrderAsync(body)).ErrorsAsync("couponCode"));
    }

    [Fact]
    public async Task CustomerCancelsUnpaidOrder_GivesTheUseBack_ButAPaidOrdersCancelKeepsIt()
    {
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 1m, perCustomerLimit = 1 });
        using var customer = app.Customer();
        using var payer = app.Customer();
        var product = await app.ProductAsync(10m);
        var body = new { items = PricingSetup.Items((product, 1)), shippingAddress = OrderRequests.Address, couponCode = coupon.Code, paymentMethodId = "pm_card_visa" };
        var unpaid = await (await customer.PostOrderAsync(body)).ReadAsync<PricedOrderBody>();
        var paid = await (await payer.PostOrderAsync(body)).ReadAsync<PricedOrderBody>();
        var paidOrder = await payer.OrderAsync(paid.Id);
        await app.HandledAsync(SagaSteps.Reserved(paidOrder));
        await app.HandledAsync(SagaSteps.Succeeded(await payer.OrderAsync(paid.Id)));

        Assert.Equal(HttpStatusCode.OK, (await customer.PostAsync($"/api/orders/{unpaid.Id}/cancel", null, OrderingApp.Cancellation)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await payer.PostAsync($"/api/orders/{paid.Id}/cancel", null, OrderingApp.Cancellation)).StatusCode);

        Assert.Equal(1, (await app.PromotionAsync(coupon.Id)).TimesUsed);
        Assert.Equal(HttpStatusCode.Created, (await customer.PostOrderAsync(body)).StatusCode);
        Assert.Equal(["already_used"], await (await payer.PostOrderAsync(body)).ErrorsAsync("couponCode"));
    }
}
