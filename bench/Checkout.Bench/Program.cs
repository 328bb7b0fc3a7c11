using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Paid orders per second and checkout-to-paid latency against a running platform (./run.sh),
// through the gateway, as shoppers would: POST /api/orders with pm_card_visa, then poll the order
// until it is paid. Usage: Checkout.Bench [gatewayUrl] [buyers] [seconds]
var gateway = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5000");
var buyers = args.Length > 1 ? int.Parse(args[1]) : 16;
var seconds = args.Length > 2 ? int.Parse(args[2]) : 30;
var adminPassword = Environment.GetEnvironmentVariable("BAZAAR_ADMIN_PASSWORD") is { Length: > 0 } p ? p : "Admin-Dev-Password-1";
var address = new { name = "Bench Buyer", line1 = "1 Load Street", city = "Tirana", postalCode = "1001", country = "AL" };
var clientNumber = 0;

HttpClient NewClient()
{
    // Each shopper its own address, as the gateway rate-limits per client.
    var n = Interlocked.Increment(ref clientNumber);
    var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
    client.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.200.{n / 256}.{n % 256}");
    return client;
}

async Task<HttpClient> SignInAsync(string email, string password)
{
    var client = NewClient();
    using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

using var admin = await SignInAsync("admin@bazaar.local", adminPassword);
var suffix = Guid.NewGuid().ToString("N")[..8];
using var category = await admin.PostAsJsonAsync("/api/categories", new { name = $"Bench {suffix}", slug = $"bench-{suffix}" });
category.EnsureSuccessStatusCode();
var categoryId = (await category.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
using var product = await admin.PostAsJsonAsync("/api/products", new { sku = $"BENCH-{suffix}", name = "Bench Widget", description = "Bought by the checkout bench.", categoryId, price = 10m, currency = "USD", initialStock = 1_000_000 });
product.EnsureSuccessStatusCode();
var productId = (await product.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
while (true)
{
    using var stock = await admin.GetAsync($"/api/inventory/{productId}");
    if (stock.IsSuccessStatusCode)
    {
        break;
    }

    await Task.Delay(100);
}

var shoppers = new List<HttpClient>();
for (var i = 0; i < buyers; i++)
{
    var email = $"bench-{suffix}-{i}@example.test";
    using var anonymous = NewClient();
    (await anonymous.PostAsJsonAsync("/api/auth/register", new { name = $"Bench Buyer {i}", email, password = "Correct-Horse-1" })).EnsureSuccessStatusCode();
    shoppers.Add(await SignInAsync(email, "Correct-Horse-1"));
}

var latencies = new List<double>();
var failures = 0;
var stopAt = DateTime.UtcNow.AddSeconds(seconds);
var clock = Stopwatch.StartNew();
await Task.WhenAll(shoppers.Select(async shopper =>
{
    while (DateTime.UtcNow < stopAt)
    {
        var started = Stopwatch.GetTimestamp();
        using var placed = await shopper.PostAsJsonAsync("/api/orders", new { items = new[] { new { productId, quantity = 1 } }, shippingAddress = address, paymentMethodId = "pm_card_visa" });
        if (!placed.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
            continue;
        }

        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        while (true)
        {
            var status = (await shopper.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}")).GetProperty("status").GetString();
            if (status == "paid")
            {
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                break;
            }

            if (status is "cancelled" or "refunded")
            {
                Interlocked.Increment(ref failures);
                break;
            }

            await Task.Delay(20);
        }
    }
}));
var elapsed = clock.Elapsed;

latencies.Sort();
double Percentile(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Clamp((int)Math.Ceiling(q / 100 * latencies.Count) - 1, 0, latencies.Count - 1)];
Console.WriteLine($"{Environment.ProcessorCount} cores; {buyers} concurrent buyers for {seconds} s through {gateway}");
Console.WriteLine("| paid orders | paid orders/s | p50 checkout-to-paid | p99 | max | failed |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
Console.WriteLine($"| {latencies.Count} | {latencies.Count / elapsed.TotalSeconds:0.0} | {Percentile(50):0} ms | {Percentile(99):0} ms | {Percentile(100):0} ms | {failures} |");
return failures == 0 ? 0 : 1;
