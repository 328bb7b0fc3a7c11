using System.Net;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;
using Bazaar.Ordering.Tests.Pricing;
using Bazaar.TestSupport;
using static Bazaar.Ordering.Tests.SagaSteps;

namespace Bazaar.Ordering.Tests.Returns;

/// <summary>PUT /api/returns/{id}/status: the legal moves, and what receiving refunds and tells the others.</summary>
public sealed class ReturnDecisionTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    [Fact]
    public async Task Decide_IllegalMovesAndBadInput_Return409Or400AndChangeNothing()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));
        var product = order.Items[0].ProductId;
        var rejected = await customer.ReturnAsync(order.Id, (product, 1));
        var approved = await customer.ReturnAsync(order.Id, (product, 1));

        await (await admin.DecideAsync(rejected.Id, "requested")).ErrorsAsync("status");
        await (await admin.DecideAsync(rejected.Id, "approved", restock: true)).ErrorsAsync("restock");
        var receivedEarly = await admin.DecideAsync(rejected.Id, "received", restock: true);
        (await admin.DecideAsync(rejected.Id, "rejected")).EnsureSuccessStatusCode();
        var approveRejected = await admin.DecideAsync(rejected.Id, "approved");
        (await admin.DecideAsync(approved.Id, "approved")).EnsureSuccessStatusCode();
        var approveTwice = await admin.DecideAsync(approved.Id, "approved");
        var rejectApproved = await admin.DecideAsync(approved.Id, "rejected");

        Assert.All([receivedEarly, approveRejected, approveTwice, rejectApproved], r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal("Illegal status transition", (await receivedEarly.ReadAsync<ProblemBody>()).Title);
        Assert.Empty(await app.EventsAsync<ReturnReceived>(e => e.OrderId == order.Id));
    }

    [Fact]
    public async Task Receive_ThreeAdminsAtOnce_OneReceivesAndOneEventGoesOut()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.DeliveredAsync(await app.PaidOrderAsync(customer));
        var requested = await customer.ReturnAsync(order.Id, (order.Items[0].ProductId, 1));
        (await admin.DecideAsync(requested.Id, "approved")).EnsureSuccessStatusCode();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => admin.DecideAsync(requested.Id, "received", restock: true)));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        // 2 x 10.00, one back: 10.00.
        Assert.Equal(10.00m, Assert.Single(await app.EventsAsync<ReturnReceived>(e => e.ReturnId == requested.Id)).Amount);
        // The audit log has each decision that was made, once: approved, then received (not the two refused).
        var audit = await app.EventsAsync<Bazaar.Contracts.Audit.AuditRecorded>(a => a.Entity == "return" && a.EntityId == requested.Id.ToString());
        Assert.Equal(["approved", "received"], audit.Select(a => a.After!.Value.GetProperty("status").GetString()));
        Assert.Equal(10.00m, audit[1].After!.Value.GetProperty("refundAmount").GetDecimal());
    }

    [Fact]
    public async Task Receive_PricedOrderInTwoReturns_RefundsEachLinesShareShippingLastAndTheOrderFollowsTheRefunds()
    {
        var country = PricingSetup.NewCountry();
        var product = await app.ProductAsync(25.00m);
        var method = await app.ShippingMethodAsync(country, 6.00m);
        await app.TaxRatesAsync(new { country, taxClass = "standard", rate = 0.10m });
        var coupon = await app.PromotionAsync(new { code = PricingSetup.NewCode(), kind = "fixed", value = 5m });
        using var customer = app.Customer();
        using var admin = app.Admin();
        var placed = await (await customer.PostOrderAsync(new
        {
            items = PricingSetup.Items((product, 2)), shippingAddress = PricingSetup.Address(country), shippingMethodId = method, couponCode = coupon.Code, paymentMethodId = "pm_card_visa",
        })).ReadAsync<OrderBody>();
        await app.HandledAsync(Reserved(placed));
        await app.HandledAsync(Succeeded(await customer.OrderAsync(placed.Id)));
        var order = await app.DeliveredAsync(placed);
        // 2 x 25.00 - 5.00 coupon = 45.00 + 4.50 tax: the line was paid 49.50, 24.75 a unit; shipping 6.00 + 0.60 tax.
        Assert.Equal(56.10m, order.TotalPrice);

        var first = await admin.ReceiveAsync((await customer.ReturnAsync(order.Id, (product, 1))).Id, restock: true);

        Assert.Equal(("received", 24.75m, 0m, true), (first.Status, first.RefundAmount, first.ShippingRefund, first.Restock));
        var told = Assert.Single(await app.EventsAsync<ReturnReceived>(e => e.ReturnId == first.Id));
        Assert.Equal((order.Id, 24.75m, true), (told.OrderId, told.Amount, told.Restock));
        Assert.Equal([new ReturnedLine(product, null, 1, 24.75m)], told.Lines);
        Assert.Equal("delivered", (await customer.OrderAsync(order.Id)).Status);

        await app.HandledAsync(new PaymentRefunded(Guid.NewGuid(), order.Id, order.UserId, 24.75m, "USD", false, DateTimeOffset.UtcNow));
        Assert.Equal("partially_refunded", (await customer.OrderAsync(order.Id)).Status);

        var last = await admin.ReceiveAsync((await customer.ReturnAsync(order.Id, (product, 1))).Id, restock: false);

        Assert.Equal((24.75m + 6.60m, 6.60m, false), (last.RefundAmount, last.ShippingRefund, last.Restock));
        Assert.Equal(order.TotalPrice, first.RefundAmount + last.RefundAmount);
        await app.HandledAsync(new PaymentRefunded(Guid.NewGuid(), order.Id, order.UserId, 31.35m, "USD", true, DateTimeOffset.UtcNow));
        var refunded = await customer.OrderAsync(order.Id);
        Assert.Equal("refunded", refunded.Status);
        Assert.Equal(["delivered", "partially_refunded", "refunded"], refunded.StatusHistory.Select(h => h.Status).TakeLast(3));
        Assert.Equal(409, (int)(await customer.RequestReturnAsync(order.Id, (product, 1))).StatusCode);
    }
}
