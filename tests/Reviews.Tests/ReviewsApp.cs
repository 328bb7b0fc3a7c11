using System.Net.Http.Json;
using Bazaar.Reviews.Data;
using Bazaar.TestSupport;

namespace Bazaar.Reviews.Tests;

/// <summary>
/// The Reviews service in memory against the run's real PostgreSQL (a fresh database per test
/// class), Redis and RabbitMQ, on an exchange and queue of its own. Use as a class fixture.
/// </summary>
public sealed class ReviewsApp(InfrastructureFixture infrastructure) : ServiceApp<ReviewsDb>(infrastructure, "reviews")
{
    public const string BlockedWord = "casino";

    private EventProbe? events;

    /// <summary>ProductRatingChanged events the service published, as another service would receive them.</summary>
    public EventProbe Events => events ?? throw new InvalidOperationException("Not initialized.");

    public override async ValueTask InitializeAsync()
    {
        events = await EventProbe.StartAsync(Infrastructure.RabbitMqConnectionString, Exchange);
        await base.InitializeAsync();
    }

    protected override void AddServiceSettings(IDictionary<string, string?> settings)
    {
        settings["Reviews:Moderation:BlockedWords:0"] = BlockedWord;
        settings["Logging:LogLevel:Default"] = "Warning";
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
        client.PostAsJsonAsync("/api/reviews", new { productId, rating, title, comment }, Cancellation);

    /// <summary>Posts a review that must succeed and returns it.</summary>
    public static async Task<ReviewBody> WriteReviewAsync(HttpClient client, Guid productId, int rating, string comment = "Does what it says.")
    {
        var response = await PostReviewAsync(client, productId, rating, comment);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ReviewBody>(Cancellation))!;
    }

    public async Task<ProductReviewsBody> ProductReviewsAsync(Guid productId, string query = "")
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<ProductReviewsBody>($"/api/reviews/product/{productId}{query}", Cancellation))!;
    }

    public async Task<PagedBody<ReviewBody>> UserReviewsAsync(Guid userId, HttpClient? client = null)
    {
        using var anonymous = CreateClient();
        return (await (client ?? anonymous).GetFromJsonAsync<PagedBody<ReviewBody>>($"/api/reviews/user/{userId}", Cancellation))!;
    }

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
