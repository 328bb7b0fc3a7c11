using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Payments.Data;
using Bazaar.Payments.Ledger;
using Bazaar.Payments.Providers.Simulator;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.Payments.Tests;

/// <summary>
/// The Payments service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own, with the simulated processor.
/// </summary>
// Not sealed: tests subclass it to put a slow, one-at-a-time or deliberate provider in.
public class PaymentsApp(InfrastructureFixture infrastructure) : WebApplicationFactory<PaymentsDb>, IAsyncLifetime
{
    public const string WebhookSecret = "whsec_test_payments";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private string? database;

    public TestTokens Tokens { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    public string Queue { get; } = $"payments-{Guid.NewGuid():N}";

    public InfrastructureFixture Infrastructure => infrastructure;

    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>The simulated processor's own ledger: what it really charged.</summary>
    public SimulatedCardProcessor Processor => Services.GetRequiredService<SimulatedCardProcessor>();

    public async ValueTask InitializeAsync()
    {
        database = await infrastructure.CreateDatabaseAsync("payments");
        _ = Server; // starts now: the migration runs here, not in the first test
        await Eventually.HoldsAsync(() => TestEvents.IsConsumingAsync(infrastructure.RabbitMqConnectionString, Queue), TimeSpan.FromSeconds(30), "the payments queue consumed");
    }

    protected virtual void AddSettings(IDictionary<string, string?> settings)
    {
    }

    protected virtual void AddServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = database,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = Exchange,
            ["Messaging:ServiceName"] = Queue,
            ["Messaging:RelayPollInterval"] = "00:00:00.200",
            ["Payments:WorkerPollInterval"] = "00:00:00.100",
            ["Payments:RetryBaseDelay"] = "00:00:00.200",
            ["Payments:RetryMaxDelay"] = "00:00:01",
            ["Payments:Simulator:Latency"] = "00:00:00.020",
            ["Payments:Simulator:Timeout"] = "00:00:03",
            ["Payments:Stripe:WebhookSecret"] = WebhookSecret,
        };
        AddSettings(settings);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            Tokens.TrustIn(services);
            AddServices(services);
        });
    }

    public HttpClient Customer(out Guid userId) => ClientWith(Tokens.ForCustomer(out userId));

    public HttpClient Admin() => ClientWith(Tokens.ForAdmin(out _));

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Plays Ordering: publishes and waits until the service has handled the message.</summary>
    public async Task HandledAsync(IIntegrationEvent @event)
    {
        var messageId = Guid.CreateVersion7();
        await TestEvents.PublishAsync(infrastructure.RabbitMqConnectionString, Exchange, @event, messageId);
        await Eventually.HoldsAsync(
            () => WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == messageId, Cancellation)),
            Timeout,
            $"{@event.GetType().Name} {messageId} handled");
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

    public Task<EventProbe> ProbeAsync(params Type[] events) => EventProbe.StartAsync(infrastructure.RabbitMqConnectionString, Exchange, events);

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

    public async Task<T> WithDbAsync<T>(Func<PaymentsDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PaymentsDb>());
    }
}

public static class Json
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, PaymentsApp.Cancellation))!;
}
