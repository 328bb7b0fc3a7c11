using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>
/// A charge never starts for an order its owner cancelled, whatever arrives first: the cancel and
/// the payment fired at once, the payment right after the cancel, and the automatic charge racing
/// a cancel. Every order ends either cancelled with nothing charged, or paid with the cancel refused.
/// </summary>
public sealed class CancelPayRaceTests(RunningPlatform platform, ITestOutputHelper output)
{
    private static readonly int[] Leads = [0, 0, 25, 25, 50, 50, 100, 100, 200, 200];

    private static readonly string[] Charged = ["succeeded", "partially_refunded", "refunded"];

    [Fact]
    public async Task CancelAndPay_FiredAtOnceManyTimes_NoCancelledOrderIsEverCharged()
    {
        const int orders = 24;
        var (customer, admin, product) = await ShopperWithStockAsync("Race Lamp", orders);
        var placed = new List<Guid>();
        for (var i = 0; i < orders; i++)
        {
            placed.Add(await Checkout.PlaceOrderAsync(customer, product, 1, paymentMethodId: null));
        }

        foreach (var orderId in placed)
        {
            await PayableAsync(customer, orderId);
        }

        // Each pair starts together, then one side waits a little (none, or up to 200 ms, cancel first
        // or pay first), so that every interleaving is tried, not only the one the faster route wins.
        var outcomes = await Task.WhenAll(placed.Select(async (orderId, i) =>
        {
            var lead = TimeSpan.FromMilliseconds(Leads[i % Leads.Length]);
            using var start = new Barrier(2);
            var cancel = Task.Run(async () =>
            {
                start.SignalAndWait();
                await Task.Delay(i % 2 == 0 ? lead : TimeSpan.Zero);
                return await customer.PostAsync($"/api/orders/{orderId}/cancel", null);
            });
            var pay = Task.Run(async () =>
            {
                start.SignalAndWait();
                await Task.Delay(i % 2 == 1 ? lead : TimeSpan.Zero);
                return await customer.PostAsJsonAsync("/api/payments", new { orderId, paymentMethodId = "pm_card_visa" });
            });
            using var cancelled = await cancel;
            using var paid = await pay;
            // A cancel that arrives once the payment has gone through is the ordinary cancel of a paid
            // order (it refunds); the race is lost only when an unpaid cancel and a charge both win.
            var cancelOfPaid = cancelled.StatusCode == HttpStatusCode.OK
                && (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paidAt").ValueKind != JsonValueKind.Null;
            return (OrderId: orderId, Cancel: cancelled.StatusCode, Pay: paid.StatusCode, CancelOfPaid: cancelOfPaid);
        }));

        foreach (var (orderId, cancel, pay, cancelOfPaid) in outcomes)
        {
            if (cancelOfPaid)
            {
                Assert.Equal(HttpStatusCode.Created, pay);
                await SettledAsync(customer, orderId, "refunded");
                continue;
            }

            Assert.True(
                (cancel, pay) is (HttpStatusCode.OK, HttpStatusCode.Conflict) or (HttpStatusCode.Conflict, HttpStatusCode.Created),
                $"order {orderId}: cancel answered {(int)cancel}, pay {(int)pay}; exactly one of them must win");
            await SettledAsync(customer, orderId, cancel == HttpStatusCode.OK ? "cancelled" : "paid");
        }

        output.WriteLine(
            $"cancel won {outcomes.Count(o => o.Cancel == HttpStatusCode.OK && !o.CancelOfPaid)}, pay won {outcomes.Count(o => o.Pay == HttpStatusCode.Created && !o.CancelOfPaid)}, "
            + $"paid then cancelled and refunded {outcomes.Count(o => o.CancelOfPaid)} of {orders}");
        admin.Dispose();
    }

    [Fact]
    public async Task Pay_RightAfterTheCancelWasAnswered_Is409AndNothingIsCharged()
    {
        const int orders = 8;
        var (customer, admin, product) = await ShopperWithStockAsync("Race Kettle", orders);
        for (var i = 0; i < orders; i++)
        {
            var orderId = await Checkout.PlaceOrderAsync(customer, product, 1, paymentMethodId: null);
            await PayableAsync(customer, orderId);

            using var cancel = await customer.PostAsync($"/api/orders/{orderId}/cancel", null);
            using var pay = await customer.PostAsJsonAsync("/api/payments", new { orderId, paymentMethodId = "pm_card_visa" });

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (cancel.StatusCode, pay.StatusCode));
            await SettledAsync(customer, orderId, "cancelled");
        }

        admin.Dispose();
    }

    [Fact]
    public async Task Cancel_RacingTheAutomaticCharge_EndsCancelledUnchargedOrPaidWithTheCancelRefused()
    {
        const int orders = 12;
        var (customer, admin, product) = await ShopperWithStockAsync("Race Rug", orders);
        var outcomes = new List<(Guid OrderId, string Expected)>();
        for (var i = 0; i < orders; i++)
        {
            var orderId = await Checkout.PlaceOrderAsync(customer, product, 1, "pm_card_visa");
            // Cancel as soon as the order awaits payment: the payments worker picks the charge up at about the same time.
            await Eventually.HoldsAsync(
                async () => Checkout.Status(await Checkout.OrderAsync(customer, orderId)) != "pending",
                TimeSpan.FromSeconds(30),
                $"order {orderId} past pending");
            using var cancel = await customer.PostAsync($"/api/orders/{orderId}/cancel", null);
            Assert.True(cancel.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"cancel answered {(int)cancel.StatusCode}");
            // A cancel that found the order paid already is an ordinary cancel of a paid order: refunded.
            var paidBefore = cancel.StatusCode == HttpStatusCode.OK
                && (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paidAt").ValueKind != JsonValueKind.Null;
            outcomes.Add((orderId, cancel.StatusCode == HttpStatusCode.Conflict ? "paid" : paidBefore ? "refunded" : "cancelled"));
        }

        foreach (var (orderId, expected) in outcomes)
        {
            await SettledAsync(customer, orderId, expected);
        }

        admin.Dispose();
    }

    private async Task<(HttpClient Customer, HttpClient Admin, Guid Product)> ShopperWithStockAsync(string name, int stock)
    {
        var admin = await Shop.AdminAsync(platform);
        var product = await Shop.CreateProductAsync(admin, name, 15m, stock);
        await Checkout.StockedAsync(admin, product, stock);
        var (customer, _) = await Shop.NewCustomerAsync(platform);
        return (customer, admin, product);
    }

    /// <summary>Waits until Payments holds the order as payable (it heard OrderAwaitingPayment).</summary>
    private static Task PayableAsync(HttpClient customer, Guid orderId) =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var response = await customer.GetAsync($"/api/payments/order/{orderId}");
                return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payable").GetBoolean();
            },
            TimeSpan.FromSeconds(30),
            $"order {orderId} payable in Payments");

    /// <summary>
    /// Waits until the order has its final status and no payment of it is pending, then checks that
    /// a cancelled order holds no charge, and a paid (or paid, then refunded) one exactly one.
    /// </summary>
    private static async Task SettledAsync(HttpClient customer, Guid orderId, string expected)
    {
        await Checkout.WaitForStatusAsync(customer, orderId, expected);
        JsonElement payments = default;
        await Eventually.HoldsAsync(
            async () => (payments = await Shop.GetJsonAsync(customer, $"/api/payments/order/{orderId}"))
                .GetProperty("payments").EnumerateArray().All(p => p.GetProperty("status").GetString() != "pending"),
            TimeSpan.FromSeconds(30),
            $"no pending payment of order {orderId}");
        var charges = payments.GetProperty("payments").EnumerateArray().Count(p => Charged.Contains(p.GetProperty("status").GetString()));
        Assert.True(
            charges == (expected == "cancelled" ? 0 : 1),
            $"order {orderId} is {expected} with {charges} charge(s): {payments}");
        // The status stays: a cancelled order is not paid later, a paid one not cancelled behind the owner's back.
        Assert.Equal(expected, Checkout.Status(await Checkout.OrderAsync(customer, orderId)));
    }
}
