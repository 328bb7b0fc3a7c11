using System.Security.Claims;
using Bazaar.Cart.Carts;
using Bazaar.Cart.Catalog;
using Bazaar.Cart.Checkout;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Data;
using Bazaar.ServiceDefaults.Idempotency;

namespace Bazaar.Cart;

public static class CartModule
{
    public static IHostApplicationBuilder AddCart(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CartOptions>()
            .BindConfiguration(CartOptions.Section)
            .Validate(options => options.IsValid(), "Cart options are out of range.")
            .ValidateOnStart();

        // Redis holds the carts (and the session denylist auth reads); there is no database and
        // no broker: prices are read live from Catalog, and checkout itself empties the cart.
        builder.AddBazaarRedis();
        builder.AddBazaarAuthentication();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CartPolicies.Shopper, policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.UserId() is not null));

        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddSingleton<CartAccess>();
        builder.AddRedisIdempotency();
        builder.AddInternalClient<CatalogClient>("catalog");
        builder.AddOrderingClient();
        return builder;
    }

    public static WebApplication MapCart(this WebApplication app)
    {
        // After UseServiceDefaults, so that 401 and 403 pass through its problem-details status pages.
        app.UseAuthentication();
        app.UseAuthorization();

        // A person's token or a guest's Cart-Token opens a cart (CartAccess); checkout and merge
        // also require a person, for now.
        app.MapGroup("/api/cart").WithTags("Cart")
            .AddEndpointFilter<CartAccess>()
            .MapGetCart()
            .MapAddItem()
            .MapUpdateItem()
            .MapRemoveItem()
            .MapClearCart()
            .MapMergeCart()
            .MapCheckoutCart();
        app.MapGroup("/internal/carts").WithTags("Internal").MapInternalCart();
        return app;
    }
}

public static class CartPolicies
{
    /// <summary>A person's token (its subject is a user id); a service client has no cart.</summary>
    public const string Shopper = "cart-shopper";
}

internal static class Shoppers
{
    /// <summary>For routes behind <see cref="CartPolicies.Shopper"/>, which guarantees the id.</summary>
    public static Guid RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("The shopper policy lets only tokens with a user id through.");
}
