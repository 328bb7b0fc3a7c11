using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts.Ordering;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers.Simulator;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Payments.Tests;

/// <summary>
/// The Payments service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own, with the simulated processor.
/// </summary>
// Not sealed: tests subclass it to put a slow, one-at-a-time or deliberate provider in.
public class PaymentsApp(InfrastructureFixture infrastructure) : ServiceApp<PaymentsDb>(infrastructure, "payments")
{
    public const string WebhookSecret = "whsec_test_payments";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The simulated processor's own ledger: what it really charged.</summary>
    public SimulatedCardProcessor Processor => Services.GetRequiredService<SimulatedCardProcessor>();

    protected override TimeSpan HandlingTimeout => Timeout;

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        settings["Messaging:RelayPollInterval"] = "00:00:00.200";
        settings["Payments:WorkerPollInterval"] = "00:00:00.100";
        settings["Payments:RetryBaseDelay"] = "00:00:00.200";
        settings["Payments:RetryMaxDelay"] = "00:00:01";
        settings["Payments:Simulator:Latency"] = "00:00:00.020";
        settings["Payments:Simulator:Timeout"] = "00:00:03";
        settings["Payments:Stripe:WebhookSecret"] = WebhookSecret;
    }

    /// <summary>Services a variant replaces (a slower or scripted provider), after the test tokens.</summary>
    protected virtual void AddServices(IServiceCollection services)
    {
    }

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        AddServices(services);
    }

    /// <summary>An order of <paramref name="userId"/> that Ordering says awaits payment, as Payments has recorded it.</summary>
    public async Task<Guid> AwaitingPaymentAsync(Guid userId, decimal total = 25.50m, string? paymentMethodId = null, DateTimeOffset? reservedUntil = null)
    {
        var orderId = Guid.CreateVersion7();
        await HandledAsync(new OrderAwaitingPayment(orderId, userId, total, "USD", paymentMethodId, reservedUntil ?? DateTimeOffset.UtcNow.AddMinutes(15)));
        return orderId;
    }

    public Task CancelledAsync(Guid orderId, Guid userId, bool wasPaid) =>
        HandledAsync(new OrderCancelled(orderId, userId, wasPaid ? "customer_request" : "payment_timeout", wasPaid, DateTimeOffset.UtcNow));

    public Task<EventProbe> ProbeAsync(params Type[] events) => EventProbe.StartAsync(Infrastructure.RabbitMqConnectionString, Exchange, events);

    public static Task<HttpResponseMessage> PayAsync(HttpClient client, Guid orderId, string paymentMethodId, string? idempotencyKey = null, string path = "/api/payments")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { orderId, paymentMethodId }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request, Cancellation);
    }

    /// <summary>The payments of an order as stored, oldest first.</summary>
    public Task<List<Payment>> PaymentsOfAsync(Guid orderId) =>
        WithDbAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.CreatedAt).ToListAsync(Cancellation));
}

public static class Json
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, PaymentsApp.Cancellation))!;
}
