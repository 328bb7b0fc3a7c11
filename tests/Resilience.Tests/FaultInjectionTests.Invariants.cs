using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Messaging;
using Bazaar.TestSupport;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Bazaar.Resilience.Tests;

/// <summary>What must hold after the faults, each read from the shop as its users and operators see it.</summary>
public sealed partial class FaultInjectionTests
{
    /// <summary>Waits until every accepted order is paid or cancelled and none of its payments is pending; fails naming each that is not.</summary>
    private static async Task<IReadOnlyList<SettledOrder>> SettledAsync(History history)
    {
        var deadline = Stopwatch.StartNew();
        var settled = new ConcurrentDictionary<Guid, SettledOrder>();
        var last = new ConcurrentDictionary<Guid, string>();
        while (true)
        {
            await Parallel.ForEachAsync(history.Accepted.Where(a => !settled.ContainsKey(a.OrderId)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (accepted, _) =>
            {
                using var orderAnswer = await accepted.Shopper.Client.GetAsync($"/api/orders/{accepted.OrderId}");
                using var paymentsAnswer = await accepted.Shopper.Client.GetAsync($"/api/payments/order/{accepted.OrderId}");
                if (!orderAnswer.IsSuccessStatusCode || !paymentsAnswer.IsSuccessStatusCode)
                {
                    last[accepted.OrderId] = $"order {(int)orderAnswer.StatusCode}, payments {(int)paymentsAnswer.StatusCode}";
                    return;
                }

                var order = await orderAnswer.Content.ReadFromJsonAsync<JsonElement>();
                var payments = (await paymentsAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("status").GetString()!).ToList();
                var status = order.GetProperty("status").GetString()!;
                var reason = order.TryGetProperty("cancellationReason", out var why) && why.ValueKind == JsonValueKind.String ? $" ({why.GetString()})" : "";
                var steps = order.TryGetProperty("statusHistory", out var taken) ? string.Join(" > ", taken.EnumerateArray().Select(h => h.GetProperty("status").GetString())) : "";
                last[accepted.OrderId] = $"{status}{reason}, payments [{string.Join(", ", payments)}], history {steps}";
                if (Expected(accepted).Contains(status) && !payments.Contains("pending"))
                {
                    var units = order.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("quantity").GetInt32());
                    settled[accepted.OrderId] = new SettledOrder(accepted, status, units, order.GetProperty("totalPrice").GetDecimal(), payments);
                }
            });

            if (settled.Count == history.Accepted.Count)
            {
                return [.. settled.Values];
            }

            // A charge left pending by a killed instance is looked up again once its lease ends.
            if (deadline.Elapsed > TimeSpan.FromMinutes(4))
            {
                var stragglers = history.Accepted.Where(a => !settled.ContainsKey(a.OrderId)).Select(a => $"{a.OrderId}: {last.GetValueOrDefault(a.OrderId, "never read")}");
                Assert.Fail($"accepted orders not settled after 4 minutes:\n{string.Join("\n", stragglers)}");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Nothing accepted is lost: an order is cancelled when its shopper cancelled it, and paid otherwise.</summary>
    private static IEnumerable<string> PaidUnlessCancelled(IReadOnlyList<SettledOrder> orders) => orders
        .Where(o => !Expected(o.Accepted).Contains(o.Status))
        .Select(o => $"order {o.Accepted.OrderId} is {o.Status}, though its shopper {(o.Accepted.CancelAnswered ? "cancelled it" : o.Accepted.Cancel ? "was not answered a cancel" : "did not cancel it")} (declined card: {o.Accepted.Declined}), payments [{string.Join(", ", o.Payments)}]");

    /// <summary>
    /// Cancelled when its shopper's cancel was answered (refunded, when it was paid before the cancel
    /// came); paid otherwise, unless its card was declined: then it waits for another payment until
    /// its reservation ends (15 minutes, past the run).
    /// </summary>
    private static string[] Expected(AcceptedCheckout order) =>
        order.NeverAnswered ? ["paid", "awaiting_payment", "cancelled", "refunded"]
        : order.CancelAnswered ? ["cancelled", "refunded"] : order.Declined ? ["awaiting_payment"] : ["paid"];

    /// <summary>
    /// A checkout retried with its key never made a second order: the orders a shopper holds that
    /// they were never answered for are at most the checkouts they gave up on after a failed attempt
    /// (whose first try may have been made); a duplicate of an answered checkout would exceed them.
    /// </summary>
    private static IEnumerable<string> NoOrderTwice(History history) => history.Accepted
        .GroupBy(a => a.Shopper)
        .Select(g => (Shopper: g.Key, Unknown: g.Count(a => a.NeverAnswered), GaveUp: history.GaveUpBy(g.Key)))
        .Where(x => x.Unknown > x.GaveUp)
        .Select(x => $"{x.Shopper.Email} holds {x.Unknown} order(s) never answered, but gave up on only {x.GaveUp} checkout(s) after a failure: a retry made a second order");

    /// <summary>A paid order has exactly one charge, not given back; a cancelled one none, or one that was refunded.</summary>
    private static IEnumerable<string> ChargedOnceEach(IReadOnlyList<SettledOrder> orders)
    {
        foreach (var order in orders)
        {
            var charges = order.Payments.Where(p => p is "succeeded" or "refunded" or "partially_refunded").ToList();
            var fine = order.Status switch
            {
                "paid" => charges is ["succeeded"],
                "awaiting_payment" => charges is [],
                "refunded" => charges is ["refunded"],
                _ => charges is [] or ["refunded"],
            };
            if (!fine)
            {
                yield return $"order {order.Accepted.OrderId} is {order.Status} with payments [{string.Join(", ", order.Payments)}]";
            }
        }
    }

    /// <summary>The starting stock is what is on hand plus what the paid orders took; only orders still waiting hold a reservation; nothing went below zero.</summary>
    private static async Task<IEnumerable<string>> StockAddsUpAsync(HttpClient admin, Guid product, IReadOnlyList<SettledOrder> orders)
    {
        var sold = orders.Where(o => o.Status == "paid").Sum(o => o.Units);
        var held = orders.Where(o => o.Status == "awaiting_payment").Sum(o => o.Units);
        JsonElement level = default;
        try
        {
            // Stock a cancelled order gives back arrives through the bus: given time to.
            await Eventually.HoldsAsync(
                async () => (level = await GetJsonAsync(admin, $"/api/inventory/{product}")).GetProperty("onHand").GetInt32() == Stock - sold
                    && level.GetProperty("reserved").GetInt32() == held,
                TimeSpan.FromSeconds(60),
                "stock settled");
        }
        catch (Exception ex) when (ex is TimeoutException or Xunit.Sdk.XunitException)
        {
        }

        var (onHand, reserved, available) = (level.GetProperty("onHand").GetInt32(), level.GetProperty("reserved").GetInt32(), level.GetProperty("available").GetInt32());
        return onHand == Stock - sold && reserved == held && available == onHand - held && available >= 0
            ? []
            : [$"stock: started {Stock}, paid orders took {sold} and waiting ones hold {held}, but on hand {onHand}, reserved {reserved}, available {available}"];
    }

    /// <summary>Each paid order's shopper got exactly one confirmation of it (and a cancelled order none that it was paid and kept).</summary>
    private async Task<IEnumerable<string>> OneMailPerPaidOrderAsync(IReadOnlyList<SettledOrder> orders)
    {
        var broken = new List<string>();
        var everPaid = orders.Where(o => o.Status == "paid").ToList();
        foreach (var shopper in everPaid.GroupBy(o => o.Accepted.Shopper))
        {
            IReadOnlyList<ReceivedMail> mails = [];
            try
            {
                await Eventually.HoldsAsync(
                    async () => shopper.All(o => (mails = platform.Mail.MailsToAsync(shopper.Key.Email).Result).Any(m => m.Subject == Confirmation(o))),
                    TimeSpan.FromSeconds(60),
                    $"confirmations to {shopper.Key.Email}");
            }
            catch (Exception ex) when (ex is TimeoutException or Xunit.Sdk.XunitException)
            {
            }

            mails = await platform.Mail.MailsToAsync(shopper.Key.Email);
            foreach (var (order, count) in shopper.Select(o => (o, mails.Count(m => m.Subject == Confirmation(o)))).Where(x => x.Item2 != 1))
            {
                broken.Add($"order {order.Accepted.OrderId} is paid and its shopper got {count} confirmation(s); Notifications holds {await NoticesOfAsync(shopper.Key, Confirmation(order))}");
            }
        }

        return broken;
    }

    /// <summary>What the shopper's notification list says of the mails with this subject (their statuses), to tell a mail never made from one not sent.</summary>
    private static async Task<string> NoticesOfAsync(Shopper shopper, string subject)
    {
        var statuses = new List<string>();
        for (var page = 1; page <= 20; page++)
        {
            var list = await GetJsonAsync(shopper.Client, $"/api/notifications?page={page}&pageSize=100");
            statuses.AddRange(list.GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("subject").GetString() == subject)
                .Select(n => $"{n.GetProperty("channel").GetString()} {n.GetProperty("status").GetString()}"));
            if (page >= list.GetProperty("totalPages").GetInt32())
            {
                break;
            }
        }

        return statuses.Count == 0 ? "no such notification" : string.Join(", ", statuses);
    }

    /// <summary>Analytics counts each order once when it was paid, and a refund once when it was given back.</summary>
    private static async Task<IEnumerable<string>> CountedOnceInAnalyticsAsync(HttpClient admin, IReadOnlyList<SettledOrder> orders, DateTimeOffset began)
    {
        var paid = orders.Where(o => o.Status == "paid" || o.Payments.Contains("refunded")).ToList();
        var refunded = orders.Where(o => o.Payments.Contains("refunded")).ToList();
        var (expectedOrders, expectedGross, expectedRefunds) = (paid.Count, paid.Sum(o => o.Total), refunded.Sum(o => o.Total));
        var path = $"/api/analytics/sales?from={Uri.EscapeDataString(began.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}&interval=hour";
        JsonElement sales = default;
        try
        {
            await Eventually.HoldsAsync(
                async () => (sales = await GetJsonAsync(admin, path)).GetProperty("orderCount").GetInt32() == expectedOrders
                    && sales.GetProperty("grossRevenue").GetDecimal() == expectedGross
                    && sales.GetProperty("refunds").GetDecimal() == expectedRefunds,
                TimeSpan.FromSeconds(60),
                "sales counted");
            return [];
        }
        catch (Exception ex) when (ex is TimeoutException or Xunit.Sdk.XunitException)
        {
            return [$"analytics: {expectedOrders} orders paid for {expectedGross} with {expectedRefunds} refunded, but it counts {sales}"];
        }
    }

    /// <summary>Every service's dead-letter queue is empty: no event was given up on.</summary>
    private async Task<IEnumerable<string>> NothingDeadLetteredAsync()
    {
        var broken = new List<string>();
        await using var connection = await BrokerAddress.Parse(platform.Servers.RabbitMq.ConnectionString).ConnectAsync("resilience-check");
        foreach (var service in new[] { "identity", "catalog", "inventory", "reviews", "notifications", "cart", "analytics", "ordering", "payments" })
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                var letters = await channel.QueueDeclarePassiveAsync($"{platform.QueueOf(service)}.dlq");
                if (letters.MessageCount > 0)
                {
                    broken.Add($"{letters.MessageCount} message(s) dead-lettered by {service}");
                }
            }
            catch (OperationInterruptedException)
            {
                // The service consumes nothing, so has no dead-letter queue.
            }
        }

        return broken;
    }
}
