using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.TestSupport;
using Xunit;

namespace Bazaar.Platform.Tests;

/// <summary>The platform of its own for <see cref="SigtermTests"/>: its services are stopped and started again.</summary>
public sealed class RestartedPlatform : RunningPlatform
{
    protected override void Customize(string service, Dictionary<string, string> environment)
    {
        base.Customize(service, environment);
        // The shipped payment window: an order waiting while Payments restarts is to be paid, not expired.
        environment["Inventory__ReservationTtl"] = "00:15:00";
    }
}

/// <summary>
/// A rolling restart as Kubernetes does it: each service in turn gets SIGTERM while shoppers keep
/// checking out, exits cleanly within the grace period, and starts again. A checkout the platform
/// accepted (202) is never lost: every one ends paid.
/// </summary>
public sealed class SigtermTests(RestartedPlatform platform) : IClassFixture<RestartedPlatform>
{
    /// <summary>The manifests' terminationGracePeriodSeconds.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(45);

    private const int Stock = 1_000_000;

    /// <summary>How often each of the four shoppers checks out.</summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(500);

    private static readonly string[] Terminated = ["ordering", "payments", "inventory", "cart", "catalog", "identity", "gateway"];

    [Fact]
    public async Task SigtermToEachServiceDuringAStreamOfCheckouts_ExitsCleanlyAndLosesNoAcceptedCheckout()
    {
        using var admin = await Shop.AdminAsync(platform);
        // Stock for any length of stream (four shoppers check out thousands of mugs here): an order
        // cancelled for want of stock would be the shop's right answer, not a lost checkout.
        var product = await Shop.CreateProductAsync(admin, "Rolling Restart Mug", 9m, stock: Stock);
        await Checkout.StockedAsync(admin, product, Stock);
        var buyers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Shop.NewCustomerAsync(platform)));
        var accepted = new ConcurrentQueue<(HttpClient Buyer, Guid OrderId)>();
        using var stop = new CancellationTokenSource();

        // Each shopper checks out a mug at a shopper's pace (the stream, not a flood: the other
        // suites share these two cores); what the platform does not accept (a 5xx or a refused
        // connection while a service restarts) a shopper simply tries again.
        var shopping = buyers.Select(buyer => Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(Pace);
            while (await Paced(pace, stop.Token))
            {
                try
                {
                    using var added = await buyer.Client.PostAsJsonAsync("/api/cart/items", new { productId = product, quantity = 1 });
                    using var checkout = await buyer.Client.PostAsJsonAsync("/api/cart/checkout", new { shippingAddress = Checkout.Address, paymentMethodId = "pm_card_visa" });
                    if (checkout.StatusCode == HttpStatusCode.Accepted)
                    {
                        accepted.Enqueue((buyer.Client, (await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid()));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not accepted; tried again.
                }
            }
        })).ToList();

        var exits = new List<string>();
        foreach (var service in Terminated)
        {
            // Checkouts are flowing before each stop, so the SIGTERM lands among requests and messages in flight.
            var before = accepted.Count;
            await Eventually.HoldsAsync(() => Task.FromResult(accepted.Count >= before + 3), TimeSpan.FromSeconds(60), $"checkouts accepted before {service} stops");
            var (exitCode, took) = await platform.TerminateAsync(service, Grace);
            Assert.True(exitCode == 0, $"{service} exited with {exitCode} after SIGTERM:\n{platform.OutputOf(service)}");
            var restart = System.Diagnostics.Stopwatch.StartNew();
            await platform.RestartAsync(service);
            exits.Add($"{service}: exit {exitCode} in {took.TotalSeconds:0.0} s, ready again in {restart.Elapsed.TotalSeconds:0.0} s");
        }

        var last = accepted.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(accepted.Count >= last + 3), TimeSpan.FromSeconds(60), "checkouts accepted after the last restart");
        await stop.CancelAsync();
        await Task.WhenAll(shopping);

        // Every accepted checkout ends paid; a charge a terminated Payments left pending is looked up
        // again once its lease ends, so the deadline is generous. Failing, it names each straggler.
        var unpaid = accepted.ToList();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (unpaid.Count > 0 && DateTime.UtcNow < deadline)
        {
            var statuses = await Task.WhenAll(unpaid.Select(async o => (o, Status: Checkout.Status(await Checkout.OrderAsync(o.Buyer, o.OrderId)))));
            unpaid = [.. statuses.Where(s => s.Status != "paid").Select(s => s.o)];
            await Task.Delay(unpaid.Count > 0 ? 500 : 0);
        }

        var stragglers = await Task.WhenAll(unpaid.Select(async o =>
            $"{o.OrderId}: {await Checkout.OrderAsync(o.Buyer, o.OrderId)}, payments {await Shop.GetJsonAsync(o.Buyer, $"/api/payments/order/{o.OrderId}")}"));
        Assert.True(stragglers.Length == 0, $"{stragglers.Length} of {accepted.Count} accepted checkouts not paid ({string.Join("; ", exits)}):\n{string.Join("\n", stragglers)}");

        TestContext.Current.SendDiagnosticMessage($"{accepted.Count} checkouts accepted and paid; {string.Join("; ", exits)}");
        foreach (var (client, _) in buyers)
        {
            client.Dispose();
        }
    }

    private static async Task<bool> Paced(PeriodicTimer pace, CancellationToken stop)
    {
        try
        {
            return await pace.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
