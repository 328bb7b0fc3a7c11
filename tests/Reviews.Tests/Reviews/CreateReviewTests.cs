using System.Net;
using System.Net.Http.Json;
using Bazaar.TestSupport;

namespace Bazaar.Reviews.Tests.Reviews;

public sealed class CreateReviewTests(ReviewsApp app) : IClassFixture<ReviewsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateReview_CleanReview_Returns201AndIsListedWithAverageAndCount()
    {
        var productId = Guid.CreateVersion7();
        var (authorId, author) = app.NewCustomer();

        var response = await ReviewsApp.PostReviewAsync(author, productId, 5, "Sturdy and well made.", title: "  Great  ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var review = (await response.Content.ReadFromJsonAsync<ReviewBody>(Cancel))!;
        Assert.Equal($"/api/reviews/{review.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal((productId, authorId, 5, "Great", "approved"), (review.ProductId, review.UserId, review.Rating, review.Title, review.Status));
        Assert.Equal("Anonymous", review.ReviewerName);
        Assert.False(review.VerifiedPurchase);

        await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 4);
        var list = await app.ProductReviewsAsync(productId);
        Assert.Equal((4.5m, 2, 2), (list.Average, list.Count, list.TotalCount));
        Assert.Contains(list.Items, r => r.Id == review.Id);
        await app.Events.WaitForAsync(productId, 4.5m, 2);
    }

    [Fact]
    public async Task ListProductReviews_ThreeRatings_AverageRoundedToTwoDecimalsAndPaged()
    {
        var productId = Guid.CreateVersion7();
        foreach (var rating in new[] { 5, 4, 4 })
        {
            await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, rating);
        }

        var page = await app.ProductReviewsAsync(productId, "?page=2&pageSize=2");

        Assert.Equal((4.33m, 3), (page.Average, page.Count));
        Assert.Equal((2, 2, 3, 2), (page.Page, page.PageSize, page.TotalCount, page.TotalPages));
        Assert.Single(page.Items);
        Assert.Equal(4.33m, (await app.Events.WaitForAsync(productId, 4.33m, 3))[^1].Average);
    }

    [Fact]
    public async Task CreateReview_ManyUsersAtOnce_EachRatingEventCountsEveryEarlierReview()
    {
        var productId = Guid.CreateVersion7();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 1 + (i % 5))));

        // Changes to one product are serialized: the counts are 1..8, none computed twice from the same state.
        // 21 / 8 = 2.625, rounded half away from zero.
        await app.Events.WaitForAsync(productId, 2.63m, 8);
        await Eventually.HoldsAsync(() => Task.FromResult(app.Events.For(productId).Count == 8), TimeSpan.FromSeconds(10), "eight rating events");
        // And their ChangedAt follows that order, so a consumer keeping the newest keeps the true figures.
        Assert.Equal(Enumerable.Range(1, 8), app.Events.For(productId).OrderBy(e => e.ChangedAt).Select(e => e.Count));
        var list = await app.ProductReviewsAsync(productId);
        Assert.Equal((2.63m, 8), (list.Average, list.Count));
    }

    [Fact]
    public async Task CreateReview_SameUserSameProductTwice_Returns409()
    {
        var productId = Guid.CreateVersion7();
        var (_, author) = app.NewCustomer();
        await ReviewsApp.WriteReviewAsync(author, productId, 3);

        var second = await ReviewsApp.PostReviewAsync(author, productId, 1, "Changed my mind.");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, (await app.ProductReviewsAsync(productId)).Count);
    }

    [Fact]
    public async Task CreateReview_SameUserRacingTwice_StoresOneAndAnswers409ToTheOther()
    {
        var productId = Guid.CreateVersion7();
        var (_, author) = app.NewCustomer();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ReviewsApp.PostReviewAsync(author, productId, 4)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, (await app.ProductReviewsAsync(productId)).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task CreateReview_RatingOutsideOneToFive_Returns400WithErrorsAndStoresNothing(int rating)
    {
        var productId = Guid.CreateVersion7();

        var response = await ReviewsApp.PostReviewAsync(app.NewCustomer().Client, productId, rating);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.True(problem.Errors?.ContainsKey("rating"));
        Assert.Equal(0, (await app.ProductReviewsAsync(productId)).Count);
    }

    [Fact]
    public async Task CreateReview_EmptyCommentLongTitleNoProduct_Returns400NamingEachField()
    {
        var (_, client) = app.NewCustomer();

        var response = await client.PostAsJsonAsync("/api/reviews", new { rating = 3, title = new string('t', 121), comment = "   " }, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!;
        Assert.Equal(["comment", "productId", "title"], problem.Errors!.Keys.Order());
    }

    [Theory]
    [InlineData("{\"productId\":\"not-a-guid\",\"rating\":3,\"comment\":\"x\"}")]
    [InlineData("{\"productId\":\"0196a0b0-0000-7000-8000-000000000001\",\"rating\":4.5,\"comment\":\"x\"}")]
    [InlineData("{\"productId\":")]
    public async Task CreateReview_MalformedJson_Returns400Problem(string body)
    {
        var (_, client) = app.NewCustomer();

        var response = await client.PostAsync("/api/reviews", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateReview_Anonymous_Returns401()
    {
        using var anonymous = app.CreateClient();

        var response = await ReviewsApp.PostReviewAsync(anonymous, Guid.CreateVersion7(), 5);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Cheaper at http://example.com/deal", null)]
    [InlineData("Cheaper at HTTPS://example.com", null)]
    [InlineData("See www.example.com", null)]
    [InlineData("Fine product.", "Win at the Casino!")]
    [InlineData("Better than any casino.", null)]
    public async Task CreateReview_LinkOrBlockedWord_IsPendingAndNeitherListedNorCounted(string comment, string? title)
    {
        var productId = Guid.CreateVersion7();

        var response = await ReviewsApp.PostReviewAsync(app.NewCustomer().Client, productId, 1, comment, title);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("pending", (await response.Content.ReadFromJsonAsync<ReviewBody>(Cancel))!.Status);
        var list = await app.ProductReviewsAsync(productId);
        Assert.Equal((0, 0m, 0), (list.Count, list.Average, list.Items.Count));
    }

    [Fact]
    public async Task CreateReview_BlockedWordInsideAnotherWord_IsApproved()
    {
        var response = await ReviewsApp.PostReviewAsync(app.NewCustomer().Client, Guid.CreateVersion7(), 4, "Casinos aside, the occasional use is fine.");

        Assert.Equal("approved", (await response.Content.ReadFromJsonAsync<ReviewBody>(Cancel))!.Status);
    }
}
