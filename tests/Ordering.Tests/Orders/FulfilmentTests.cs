using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Ordering.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Bazaar.Ordering.Tests.SagaSteps;

namespace Bazaar.Ordering.Tests.Orders;

/// <summary>After payment: an admin ships and delivers; an owner or admin cancels before shipping, and the refund follows.</summary>
public sealed class FulfilmentTests(OrderingApp app) : IClassFixture<OrderingApp>
{
    private static CancellationToken Token => OrderingApp.Cancellation;

    [Fact]
    public async Task AdminTransitions_PaidToDelivered_RecordTheShipmentAndTellEveryone()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.PaidOrderAsync(customer);

        var processing = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "processing" }, Token);
        var shipped = await admin.PatchAsJsonAsync($"/api/orders/{order.Id}", new { status = "shipped" }, Token);
        var delivered = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "delivered" }, Token);

        Assert.All([processing, shipped, delivered], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var shipment = (await shipped.ReadAsync<OrderBody>()).Shipment!;
        Assert.Equal("bazaar_post", shipment.Carrier);
        Assert.Matches("^BZ[0-9]{12}$", shipment.TrackingNumber);
        var final = await customer.OrderAsync(order.Id);
        Assert.Equal(["pending", "awaiting_payment", "paid", "processing", "shipped", "delivered"], final.StatusHistory.Select(h => h.Status));
        Assert.Equal(shipment, final.Shipment);
        var shippedEvent = Assert.Single(await app.EventsAsync<OrderShipped>(e => e.OrderId == order.Id));
        Assert.Equal((shipment.Carrier, shipment.TrackingNumber), (shippedEvent.Carrier, shippedEvent.TrackingNumber));
        var deliveredEvent = Assert.Single(await app.EventsAsync<OrderDelivered>(e => e.OrderId == order.Id));
        Assert.Equal([order.Items[0].ProductId], deliveredEvent.ProductIds);
        Assert.Equal(5, (await app.EventsAsync<OrderStatusChanged>(e => e.OrderId == order.Id)).Count);
    }

    [Fact]
    public async Task Ship_WithTrackingNumberAndCarrier_KeepsThem()
    {
        using var admin = app.Admin();
        var order = await app.PaidOrderAsync(app.Customer());
        (await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "processing" }, Token)).EnsureSuccessStatusCode();

        var shipped = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status = "shipped", trackingNumber = "1Z999", carrier = "ups" }, Token);

        var shipment = (await shipped.ReadAsync<OrderBody>()).Shipment!;
        Assert.Equal(("ups", "1Z999"), (shipment.Carrier, shipment.TrackingNumber));
    }

    [Theory]
    [InlineData("shipped")]
    [InlineData("delivered")]
    [InlineData("paid")]
    [InlineData("pending")]
    [InlineData("refunded")]
    public async Task ChangeStatus_IllegalFromPaid_Returns409AndChangesNothing(string status)
    {
        using var admin = app.Admin();
        var order = await app.PaidOrderAsync(app.Customer());

        var response = await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status }, Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("paid", (await admin.OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task ChangeStatus_UnknownStatusOrOrder_Returns400Or404()
    {
        using var admin = app.Admin();

        var unknownStatus = await admin.PutAsJsonAsync($"/api/orders/{Guid.NewGuid()}/status", new { status = "teleported" }, Token);
        var unknownOrder = await admin.PutAsJsonAsync($"/api/orders/{Guid.NewGuid()}/status", new { status = "processing" }, Token);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (unknownStatus.StatusCode, unknownOrder.StatusCode));
    }

    [Fact]
    public async Task Cancel_PaidOrder_CancelsWithWasPaidThenRefundedOnPaymentRefunded()
    {
        using var customer = app.Customer();
        var order = await app.PaidOrderAsync(customer);

        var response = await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadAsync<OrderBody>();
        Assert.Equal(("cancelled", "customer_request"), (body.Status, body.CancellationReason));
        var cancelled = Assert.Single(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
        Assert.Equal(("customer_request", true), (cancelled.Reason, cancelled.WasPaid));

        await app.HandledAsync(Refunded(order));

        Assert.Equal("refunded", (await customer.OrderAsync(order.Id)).Status);
        var refunded = Assert.Single(await app.EventsAsync<OrderRefunded>(e => e.OrderId == order.Id));
        Assert.Equal((20m, "USD"), (refunded.Amount, refunded.Currency));
    }

    [Fact]
    public async Task Cancel_AfterShipping_Returns409()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.PaidOrderAsync(customer);
        foreach (var status in new[] { "processing", "shipped" })
        {
            (await admin.PutAsJsonAsync($"/api/orders/{order.Id}/status", new { status }, Token)).EnsureSuccessStatusCode();
        }

        var byOwner = await customer.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);
        var byAdmin = await admin.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (byOwner.StatusCode, byAdmin.StatusCode));
        Assert.Equal("shipped", (await customer.OrderAsync(order.Id)).Status);
        Assert.Empty(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
    }

    [Fact]
    public async Task Cancel_ByAdmin_RecordsTheAdminAsTheReason()
    {
        using var admin = app.Admin();
        var order = await app.PlacedOrderAsync(app.Customer());

        var response = await admin.PostAsync($"/api/orders/{order.Id}/cancel", null, Token);

        Assert.Equal("admin", (await response.ReadAsync<OrderBody>()).CancellationReason);
    }

    [Fact]
    public async Task TwoTransitionsOfOneOrder_SavedConcurrently_OnlyTheFirstWins()
    {
        var order = await app.PaidOrderAsync(app.Customer());
        await using var one = app.Services.CreateAsyncScope();
        await using var two = app.Services.CreateAsyncScope();
        var first = await one.ServiceProvider.GetRequiredService<Data.OrderingDb>().Orders.SingleAsync(o => o.Id == order.Id, Token);
        var second = await two.ServiceProvider.GetRequiredService<Data.OrderingDb>().Orders.SingleAsync(o => o.Id == order.Id, Token);

        Assert.True(first.StartProcessing(DateTimeOffset.UtcNow));
        Assert.True(second.Cancel(CancellationReason.Admin, DateTimeOffset.UtcNow));
        await one.ServiceProvider.GetRequiredService<Data.OrderingDb>().SaveChangesAsync(Token);

        var lost = await Assert.ThrowsAnyAsync<DbUpdateException>(() => two.ServiceProvider.GetRequiredService<Data.OrderingDb>().SaveChangesAsync(Token));
        Assert.True(OrderAccess.IsLostRace(lost));
        Assert.Equal("processing", (await app.Admin().OrderAsync(order.Id)).Status);
    }

    [Fact]
    public async Task Cancel_TwiceAtOnce_OneWinsAndOneGets409()
    {
        using var customer = app.Customer();
        using var admin = app.Admin();
        var order = await app.PaidOrderAsync(customer);

        var answers = await Task.WhenAll(
            customer.PostAsync($"/api/orders/{order.Id}/cancel", null, Token),
            admin.PostAsync($"/api/orders/{order.Id}/cancel", null, Token));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Single(await app.EventsAsync<OrderCancelled>(e => e.OrderId == order.Id));
        Assert.Equal(1, (await customer.OrderAsync(order.Id)).StatusHistory.Count(h => h.Status == "cancelled"));
    }
}
