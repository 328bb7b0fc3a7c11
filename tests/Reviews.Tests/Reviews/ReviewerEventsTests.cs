using System.Net.Http.Json;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;
using Bazaar.TestSupport;

namespace Bazaar.Reviews.Tests.Reviews;

/// <summary>What Identity's and Ordering's events do to the reviews shown.</summary>
public sealed class ReviewerEventsTests(ReviewsApp app) : IClassFixture<ReviewsApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ReviewBody> ReadAsync(Guid reviewId)
    {
        using var client = app.CreateClient();
        return (await client.GetFromJsonAsync<ReviewBody>($"/api/reviews/{reviewId}", Cancel))!;
    }

    private static UserRegistered Registered(Guid userId, string name, DateTimeOffset at) =>
        new(userId, name, $"{userId:N}@example.com", null, ["customer"], at);

    [Fact]
    public async Task UserRegistered_AfterTheReview_ReviewShowsTheName()
    {
        var (userId, client) = app.NewCustomer();
        var review = await ReviewsApp.WriteReviewAsync(client, Guid.CreateVersion7(), 4);
        Assert.Equal("Anonymous", review.ReviewerName);

        await app.PublishAsync(Registered(userId, "Ada Lovelace", DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => (await ReadAsync(review.Id)).ReviewerName == "Ada Lovelace", Deadline, "the review shows the registered name");
    }

    [Fact]
    public async Task UserProfileUpdated_RenamesEveryReviewAndIgnoresAnOlderUpdate()
    {
        var (userId, client) = app.NewCustomer();
        var first = await ReviewsApp.WriteReviewAsync(client, Guid.CreateVersion7(), 4);
        var second = await ReviewsApp.WriteReviewAsync(client, Guid.CreateVersion7(), 2);
        var registeredAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await app.PublishAsync(Registered(userId, "Old Name", registeredAt));
        await Eventually.HoldsAsync(async () => (await ReadAsync(first.Id)).ReviewerName == "Old Name", Deadline, "the registered name is shown");

        await app.PublishAsync(new UserProfileUpdated(userId, "New Name", "x@example.com", null, DateTimeOffset.UtcNow));
        await Eventually.HoldsAsync(
            async () => (await app.UserReviewsAsync(userId)).Items.All(r => r.ReviewerName == "New Name"),
            Deadline,
            "every review of the user shows the new name");

        // Delivered late and out of order: an update older than the name we have changes nothing.
        await app.PublishAsync(new UserProfileUpdated(userId, "Stale Name", "x@example.com", null, registeredAt.AddMinutes(1)));
        var probe = Guid.CreateVersion7();
        await app.PublishAsync(Registered(probe, "Marker", DateTimeOffset.UtcNow));
        await ReviewsApp.WriteReviewAsync(app.ClientWith(app.Tokens.For(probe)), Guid.CreateVersion7(), 3);
        await Eventually.HoldsAsync(async () => (await app.UserReviewsAsync(probe)).Items[0].ReviewerName == "Marker", Deadline, "a later event was handled");
        Assert.Equal("New Name", (await ReadAsync(second.Id)).ReviewerName);
    }

    [Fact]
    public async Task OrderDelivered_AfterTheReview_MarksItVerifiedPurchase()
    {
        var (userId, client) = app.NewCustomer();
        var productId = Guid.CreateVersion7();
        var review = await ReviewsApp.WriteReviewAsync(client, productId, 5);
        var other = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 4);

        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), userId, [Guid.CreateVersion7(), productId, productId], DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => (await ReadAsync(review.Id)).VerifiedPurchase, Deadline, "the buyer's review is a verified purchase");
        Assert.False((await ReadAsync(other.Id)).VerifiedPurchase);
    }

    [Fact]
    public async Task OrderDelivered_BeforeTheReview_NewReviewIsVerifiedPurchase()
    {
        var (userId, client) = app.NewCustomer();
        var productId = Guid.CreateVersion7();
        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), userId, [productId], DateTimeOffset.UtcNow));
        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), userId, [productId], DateTimeOffset.UtcNow));
        var review = await ReviewsApp.WriteReviewAsync(client, productId, 5);

        await Eventually.HoldsAsync(async () => (await ReadAsync(review.Id)).VerifiedPurchase, Deadline, "the review of a delivered product is verified");
    }

    [Fact]
    public async Task ListUserReviews_OthersSeeApprovedOnly_AuthorSeesPendingToo()
    {
        var (userId, client) = app.NewCustomer();
        var approved = await ReviewsApp.WriteReviewAsync(client, Guid.CreateVersion7(), 4);
        var pending = await ReviewsApp.WriteReviewAsync(client, Guid.CreateVersion7(), 1, "Go to www.example.com instead");
        await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, Guid.CreateVersion7(), 5);

        var asAnyone = await app.UserReviewsAsync(userId);
        var asAuthor = await app.UserReviewsAsync(userId, client);

        Assert.Equal([approved.Id], asAnyone.Items.Select(r => r.Id));
        Assert.Equal(1, asAnyone.TotalCount);
        Assert.Equal([pending.Id, approved.Id], asAuthor.Items.Select(r => r.Id));
        Assert.Equal(2, asAuthor.TotalCount);
    }
}
