using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Reviews.Data;
using Bazaar.Reviews.Purchases;
using Bazaar.Reviews.Reviewers;
using Bazaar.Reviews.Reviews;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bazaar.Reviews;

public static class ReviewsModule
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReviewsOptions>()
            .BindConfiguration(ReviewsOptions.Section)
            .Validate(options => options.IsValid(), "Reviews options are not valid (reviewer name fallback, blocked words).")
            .ValidateOnStart();

        builder.AddBazaarDbContext<ReviewsDb>();
        builder.AddBazaarRedis();
        builder.AddBrokerHealthCheck();
        builder.AddBazaarAuthentication();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ContentModerator>();

        builder.AddMessaging<ReviewsDb>("reviews")
            .Handle<UserRegistered, RecordRegisteredReviewer>()
            .Handle<UserProfileUpdated, RecordRenamedReviewer>()
            .Handle<OrderDelivered, RecordDeliveredProducts>();
        return builder;
    }

    public static WebApplication MapReviews(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGroup("/api/reviews").WithTags("Reviews")
            .MapCreateReview()
            .MapGetReview()
            .MapListProductReviews()
            .MapListUserReviews()
            .MapListPendingReviews()
            .MapDeleteReview()
            .MapModerateReview();
        return app;
    }

    /// <summary>Brings the schema up to date; call before the app starts serving or consuming.</summary>
    public static async Task InitializeReviewsAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReviewsDb>().Database.MigrateSchemaAsync(app.Lifetime.ApplicationStopping);
    }
}
