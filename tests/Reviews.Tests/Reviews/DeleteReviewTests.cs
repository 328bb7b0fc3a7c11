using System.Net;
using System.Net.Http.Json;

namespace Bazaar.Reviews.Tests.Reviews;

public sealed class DeleteReviewTests(ReviewsApp app) : IClassFixture<ReviewsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeleteReview_ByAnotherUser_Returns404AndKeepsIt()
    {
        var productId = Guid.CreateVersion7();
        var review = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 5);

        var response = await app.NewCustomer().Client.DeleteAsync($"/api/reviews/{review.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, (await app.ProductReviewsAsync(productId)).Count);
    }

    [Fact]
    public async Task DeleteReview_ByAuthor_Returns204AndRatingChangedPublished()
    {
        var productId = Guid.CreateVersion7();
        await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 5);
        var (_, author) = app.NewCustomer();
        var review = await ReviewsApp.WriteReviewAsync(author, productId, 2);
        await app.Events.WaitForAsync(productId, 3.5m, 2);

        var response = await author.DeleteAsync($"/api/reviews/{review.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var list = await app.ProductReviewsAsync(productId);
        Assert.Equal((5m, 1), (list.Average, list.Count));
        Assert.DoesNotContain(list.Items, r => r.Id == review.Id);
        await app.Events.WaitForAsync(productId, 5m, 1);
        Assert.Equal(HttpStatusCode.NotFound, (await author.GetAsync($"/api/reviews/{review.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task DeleteReview_ByAdmin_Returns204AndTheAuthorMayReviewAgain()
    {
        var productId = Guid.CreateVersion7();
        var (_, author) = app.NewCustomer();
        var review = await ReviewsApp.WriteReviewAsync(author, productId, 1);

        var response = await app.NewAdmin().Client.DeleteAsync($"/api/reviews/{review.Id}", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await app.Events.WaitForAsync(productId, 0m, 0);
        Assert.Equal(HttpStatusCode.Created, (await ReviewsApp.PostReviewAsync(author, productId, 4)).StatusCode);
    }

    [Fact]
    public async Task DeleteReview_PendingByAuthor_Returns204AndPublishesNothing()
    {
        var productId = Guid.CreateVersion7();
        var (_, author) = app.NewCustomer();
        var pending = await ReviewsApp.WriteReviewAsync(author, productId, 3, "More at www.example.com");

        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteAsync($"/api/reviews/{pending.Id}", Cancel)).StatusCode);
        await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 4);

        // Relayed in commit order: had the pending review's deletion announced anything, it would be here first.
        Assert.Equal([(4m, 1)], (await app.Events.WaitForAsync(productId, 4m, 1)).Select(e => (e.Average, e.Count)));
    }

    [Fact]
    public async Task DeleteReview_Anonymous_Returns401()
    {
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync($"/api/reviews/{Guid.CreateVersion7()}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task GetReview_Pending_VisibleToAuthorAndAdminOnly()
    {
        var (_, author) = app.NewCustomer();
        var pending = await ReviewsApp.WriteReviewAsync(author, Guid.CreateVersion7(), 3, "Found it on www.example.com");
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await author.GetAsync($"/api/reviews/{pending.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.NewAdmin().Client.GetAsync($"/api/reviews/{pending.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewCustomer().Client.GetAsync($"/api/reviews/{pending.Id}", Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/reviews/{pending.Id}", Cancel)).StatusCode);
    }

    [Fact]
    public async Task GetReview_Approved_VisibleToAnyone()
    {
        var review = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, Guid.CreateVersion7(), 5);
        using var anonymous = app.CreateClient();

        var fetched = await anonymous.GetFromJsonAsync<ReviewBody>($"/api/reviews/{review.Id}", Cancel);

        Assert.Equal(review, fetched);
    }
}
