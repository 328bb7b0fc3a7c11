using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bazaar.Contracts;
using Bazaar.Reviews.Data;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Bazaar.Reviews.Tests;

/// <summary>
/// The Reviews service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture.
/// </summary>
public sealed class ReviewsApp(InfrastructureFixture infrastructure) : WebApplicationFactory<ReviewsDb>, IAsyncLifetime
{
    public const string BlockedWord = "casino";

    private string? database;
    private EventProbe? events;

    public TestTokens Tokens { get; } = new();

    public string Exchange { get; } = TestEvents.NewExchange();

    public string QueueName { get; } = $"reviews-{Guid.NewGuid():N}";

    /// <summary>ProductRatingChanged events the service published, as another service would receive them.</summary>
    public EventProbe Events => events ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        database = await infrastructure.CreateDatabaseAsync("reviews");
        events = await EventProbe.StartAsync(infrastructure.RabbitMqConnectionString, Exchange);

        // Starts the host now (migrations run here), then waits until events published to the exchange reach the service.
        _ = Server;
        await Eventually.HoldsAsync(
            () => TestEvents.IsConsumingAsync(infrastructure.RabbitMqConnectionString, QueueName),
            TimeSpan.FromSeconds(30),
            "the Reviews service consumes its queue");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = database,
            ["ConnectionStrings:redis"] = infrastructure.RedisConnectionString,
            ["ConnectionStrings:rabbitmq"] = infrastructure.RabbitMqConnectionString,
            ["Messaging:Exchange"] = Exchange,
            ["Messaging:ServiceName"] = QueueName,
            ["Reviews:Moderation:BlockedWords:0"] = BlockedWord,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(Tokens.TrustIn);
    }

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A customer with a client that sends their token.</summary>
    public (Guid Id, HttpClient Client) NewCustomer()
    {
        var token = Tokens.ForCustomer(out var id);
        return (id, ClientWith(token));
    }

    public (Guid Id, HttpClient Client) NewAdmin()
    {
        var token = Tokens.ForAdmin(out var id);
        return (id, ClientWith(token));
    }

    public static Task<HttpResponseMessage> PostReviewAsync(HttpClient client, Guid productId, int rating, string comment = "Does what it says.", string? title = null) =>
        client.PostAsJsonAsync("/api/reviews", new { productId, rating, title, comment }, TestContext.Current.CancellationToken);

    /// <summary>Posts a review that must succeed and returns it.</summary>
    public static async Task<ReviewBody> WriteReviewAsync(HttpClient client, Guid productId, int rating, string comment = "Does what it says.")
    {
        var response = await PostReviewAsync(client, productId, rating, comment);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ReviewBody>(TestContext.Current.CancellationToken))!;
    }

    public async Task<ProductReviewsBody> ProductReviewsAsync(Guid productId, string query = "")
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<ProductReviewsBody>($"/api/reviews/product/{productId}{query}", TestContext.Current.CancellationToken))!;
    }

    public async Task<PagedBody<ReviewBody>> UserReviewsAsync(Guid userId, HttpClient? client = null)
    {
        using var anonymous = CreateClient();
        return (await (client ?? anonymous).GetFromJsonAsync<PagedBody<ReviewBody>>($"/api/reviews/user/{userId}", TestContext.Current.CancellationToken))!;
    }

    /// <summary>Acts as another service: publishes <paramref name="event"/> to this app's exchange.</summary>
    public Task PublishAsync(IIntegrationEvent @event) => TestEvents.PublishAsync(infrastructure.RabbitMqConnectionString, Exchange, @event);

    public override async ValueTask DisposeAsync()
    {
        if (events is not null)
        {
            await events.DisposeAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
