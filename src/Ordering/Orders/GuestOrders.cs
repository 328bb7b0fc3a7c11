using System.Net.Mail;
using System.Security.Claims;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults.Idempotency;

namespace Bazaar.Ordering.Orders;

/// <summary>
/// Orders of guests, placed for them by Cart (its service token, the guest cart's id in the
/// <c>Guest-Cart</c> header): the order's UserId is a guest id derived from that cart, so the
/// cart's orders, keys and events hang together as one shopper's; its token reads it.
/// </summary>
public static class GuestOrders
{
    public const string GuestCartHeader = "Guest-Cart";
    public const string OrderTokenHeader = "Order-Token";
    public const int MaxEmailLength = 254;

    public const string GuestEmailHeader = "Guest-Email";

    public static RouteGroupBuilder MapPlaceGuestOrder(this RouteGroupBuilder group)
    {
        // The same placement as POST /api/orders, in the guest's name (GuestCheckout swaps the caller).
        group.MapPost("/guest", PlaceOrder.HandleAsync)
            .RequireAuthorization(Policies.Service)
            .AddEndpointFilter<GuestCheckout>()
            .WithIdempotency<PlaceOrder.Request>("guest-orders", IdempotencyKeeps.Successes, GuestIdOf)
            .WithName("PlaceGuestOrder")
            .WithSummary("Cart places a guest's order: the POST /api/orders body, the guest cart in Guest-Cart and the email in Guest-Email; 201 with orderToken (Idempotency-Key supported)");
        return group;
    }

    /// <summary>The guest id of the cart named in the request, or null when it names none.</summary>
    public static Guid? GuestIdOf(HttpContext http) =>
        http.Request.Headers[GuestCartHeader].ToString() is { Length: > 0 and <= 100 } cart ? GuestIdFor(cart) : null;

    /// <summary>The guest id of a guest cart (Cart's id of it): the same for its quotes and its orders.</summary>
    public static Guid GuestIdFor(string guestCart) => OpaqueTokens.StableId("guest-cart:" + guestCart);

    /// <summary>Checks the guest's headers, then places the order as the guest with their email.</summary>
    private sealed class GuestCheckout : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            var errors = new Dictionary<string, string[]>();
            if (GuestIdOf(http) is not { } guestId)
            {
                errors[GuestCartHeader] = [$"The {GuestCartHeader} header (1 to 100 characters) is required."];
                guestId = Guid.Empty;
            }

            var email = Normalize(http.Request.Headers[GuestEmailHeader].ToString());
            if (email is null)
            {
                errors["email"] = ["email is required: an address the order's mails can go to."];
            }

            if (errors.Count > 0)
            {
                return Problems.Invalid(errors, "The guest order is not valid");
            }

            http.RequestServices.GetRequiredService<GuestPlacement>().Email = email;
            var guest = new ClaimsPrincipal(new ClaimsIdentity([new Claim(BazaarClaims.Subject, guestId.ToString())], "guest"));
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is ClaimsPrincipal)
                {
                    context.Arguments[i] = guest;
                }
            }

            return await next(context);
        }
    }

    /// <summary>A usable email, lower case; null when it is not one.</summary>
    public static string? Normalize(string? email)
    {
        var trimmed = email?.Trim();
        return trimmed is { Length: > 0 and <= MaxEmailLength } && MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed
            ? trimmed.ToLowerInvariant()
            : null;
    }

    public static string NewToken() => OpaqueTokens.New();

    public static string Hash(string token) => OpaqueTokens.HashHex(token);

    /// <summary>True when the request's Order-Token is the guest order's (compared in constant time).</summary>
    public static bool TokenOpens(HttpContext http, Order order) =>
        OpaqueTokens.Matches(http.Request.Headers[OrderTokenHeader].ToString(), order.GuestTokenHash);
}

/// <summary>
/// What a placement does beyond a user's order when a guest places it (scoped: the guest route
/// sets <see cref="Email"/> before placing): the token, the guest's fields, GuestCheckedOut.
/// </summary>
public sealed class GuestPlacement
{
    public string? Email { get; set; }

    /// <summary>The answer of the placement: the order, with its token when a guest placed it.</summary>
    public OrderResponse Apply(Order order, OrderingDb db)
    {
        var response = OrderResponse.From(order);
        if (Email is null)
        {
            return response;
        }

        var token = GuestOrders.NewToken();
        order.ForGuest(Email, GuestOrders.Hash(token));
        db.AddEvent(new GuestCheckedOut(order.Id, order.UserId, order.ShippingAddress.Name, Email, token, order.CreatedAt));
        return response with { OrderToken = token };
    }
}
