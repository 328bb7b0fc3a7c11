using Bazaar.Contracts;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Payments;

namespace Bazaar.Ordering.Tests;

/// <summary>Inventory's and Payments' sides of the saga, played by a test, and orders brought to a given point by them.</summary>
public static class SagaSteps
{
    public static StockReserved Reserved(OrderBody order) =>
        new(order.Id, [.. order.Items.Select(i => new StockLine(i.ProductId, i.Quantity))], DateTimeOffset.UtcNow.AddMinutes(15));

    public static PaymentSucceeded Succeeded(OrderBody order, Guid? paymentId = null) =>
        new(paymentId ?? Guid.CreateVersion7(), order.Id, order.UserId, order.TotalPrice, order.Currency, "pm_card_visa", DateTimeOffset.UtcNow);

    public static PaymentFailed Failed(OrderBody order, string code = "card_declined") =>
        new(Guid.CreateVersion7(), order.Id, order.UserId, order.TotalPrice, order.Currency, code, "Your card was declined.", DateTimeOffset.UtcNow);

    public static PaymentRefunded Refunded(OrderBody order) =>
        new(Guid.CreateVersion7(), order.Id, order.UserId, order.TotalPrice, order.Currency, true, DateTimeOffset.UtcNow);

    public static async Task<OrderBody> PlacedOrderAsync(this OrderingApp app, HttpClient customer, decimal price = 10m) =>
        await customer.PlaceAsync((await app.ProductAsync(price), 2));

    public static async Task<OrderBody> AwaitingPaymentOrderAsync(this OrderingApp app, HttpClient customer)
    {
        var order = await app.PlacedOrderAsync(customer);
        await app.HandledAsync(Reserved(order));
        return await customer.OrderAsync(order.Id);
    }

    public static async Task<OrderBody> PaidOrderAsync(this OrderingApp app, HttpClient customer)
    {
        var order = await app.AwaitingPaymentOrderAsync(customer);
        await app.HandledAsync(Succeeded(order));
        return await customer.OrderAsync(order.Id);
    }
}
