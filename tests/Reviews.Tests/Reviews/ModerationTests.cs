using System.Net;
using System.Net.Http.Json;
using Bazaar.Contracts.Audit;

namespace Bazaar.Reviews.Tests.Reviews;

public sealed class ModerationTests(ReviewsApp app) : IClassFixture<ReviewsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> ModerateAsync(HttpClient client, Guid reviewId, string? status) =>
        client.PutAsJsonAsync($"/api/reviews/{reviewId}/moderation", new { status }, Cancel);

    [Fact]
    public async Task ModerateReview_AdminApprovesPending_ListedAndRatingChangedPublished()
    {
        var productId = Guid.CreateVersion7();
        await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 4);
        var pending = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 1, "Buy it cheaper at https://example.com");
        await app.Events.WaitForAsync(productId, 4m, 1);

        var response = await ModerateAsync(app.NewAdmin().Client, pending.Id, "approved");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("approved", (await response.Content.ReadFromJsonAsync<ReviewBody>(Cancel))!.Status);
        var list = await app.ProductReviewsAsync(productId);
        Assert.Equal((2.5m, 2), (list.Average, list.Count));
        Assert.Contains(list.Items, r => r.Id == pending.Id);
        var published = await app.Events.WaitForAsync(productId, 2.5m, 2);
        // The pending review announced nothing: one event for the first review, one for the approval.
        Assert.Equal([(4m, 1), (2.5m, 2)], published.Select(e => (e.Average, e.Count)));
    }

    [Fact]
    public async Task ModerateReview_ByAdmin_AuditedWithStatusBeforeAndAfter()
    {
        var review = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, Guid.CreateVersion7(), 3);
        var admin = app.NewAdmin();

        Assert.Equal(HttpStatusCode.OK, (await ModerateAsync(admin.Client, review.Id, "rejected")).StatusCode);

        var audit = Assert.Single(await app.EventsAsync<AuditRecorded>(a => a.EntityId == review.Id.ToString()));
        Assert.Equal(("review", "moderated", admin.Id), (audit.Entity, audit.Action, audit.ActorId));
        Assert.Equal(("approved", "rejected"), (audit.Before!.Value.GetProperty("status").GetString(), audit.After!.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ModerateReview_AdminRejectsApproved_UnlistedAndRatingChangedPublished()
    {
        var productId = Guid.CreateVersion7();
        var review = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 2);
        await app.Events.WaitForAsync(productId, 2m, 1);

        var response = await ModerateAsync(app.NewAdmin().Client, review.Id, "rejected");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await app.ProductReviewsAsync(productId);
        Assert.Equal((0, 0m), (list.Count, list.Average));
        await app.Events.WaitForAsync(productId, 0m, 0);
    }

    [Fact]
    public async Task ModerateReview_SameDecisionTwice_PublishesOnce()
    {
        var productId = Guid.CreateVersion7();
        var pending = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 5, "www.example.com has it");
        var (_, admin) = app.NewAdmin();

        Assert.Equal(HttpStatusCode.OK, (await ModerateAsync(admin, pending.Id, "approved")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ModerateAsync(admin, pending.Id, "approved")).StatusCode);
        await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 3);

        var published = await app.Events.WaitForAsync(productId, 4m, 2);
        Assert.Equal([(5m, 1), (4m, 2)], published.Select(e => (e.Average, e.Count)));
    }

    [Fact]
    public async Task ModerateReview_Customer_Returns403AndChangesNothing()
    {
        var productId = Guid.CreateVersion7();
        var (_, author) = app.NewCustomer();
        var pending = await ReviewsApp.WriteReviewAsync(author, productId, 5, "Visit www.example.com");

        var response = await ModerateAsync(author, pending.Id, "approved");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, (await app.ProductReviewsAsync(productId)).Count);
    }

    [Fact]
    public async Task ModerateReview_Anonymous_Returns401()
    {
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await ModerateAsync(anonymous, Guid.CreateVersion7(), "approved")).StatusCode);
    }

    [Fact]
    public async Task ModerateReview_UnknownReview_Returns404()
    {
        var response = await ModerateAsync(app.NewAdmin().Client, Guid.CreateVersion7(), "approved");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("Approved")]
    [InlineData("deleted")]
    [InlineData(null)]
    public async Task ModerateReview_StatusOtherThanApprovedOrRejected_Returns400WithErrors(string? status)
    {
        var productId = Guid.CreateVersion7();
        var review = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, productId, 3);

        var response = await ModerateAsync(app.NewAdmin().Client, review.Id, status);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<ProblemBody>(Cancel))!.Errors?.ContainsKey("status"));
        Assert.Equal(1, (await app.ProductReviewsAsync(productId)).Count);
    }

    [Fact]
    public async Task ListPendingReviews_Admin_SeesPendingAndCustomerGets403()
    {
        var pending = await ReviewsApp.WriteReviewAsync(app.NewCustomer().Client, Guid.CreateVersion7(), 2, "Only at http://example.com");

        var queue = await app.NewAdmin().Client.GetFromJsonAsync<PagedBody<ReviewBody>>("/api/reviews/pending?pageSize=100", Cancel);
        var asCustomer = await app.NewCustomer().Client.GetAsync("/api/reviews/pending", Cancel);

        Assert.Contains(queue!.Items, r => r.Id == pending.Id && r.Status == "pending");
        Assert.All(queue.Items, r => Assert.Equal("pending", r.Status));
        Assert.Equal(HttpStatusCode.Forbidden, asCustomer.StatusCode);
    }
}
