using System.Security.Claims;
using System.Text.Json;
using Bazaar.Ordering.AddressBook;
using Bazaar.Ordering.Catalog;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Pricing;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Ordering.Orders;

/// <summary>Saga step 1: the order is priced from the catalog, saved pending, and OrderPlaced goes out with it.</summary>
public static partial class PlaceOrder
{
    public const int MaxAddressFieldLength = 200;
    public const int MaxPostalCodeLength = 20;
    public const int MaxPaymentMethodIdLength = 255;

    /// <summary>A line as the client sends it; a price in it is ignored (prices come from the catalog).</summary>
    public sealed record Line(Guid? ProductId, int? Quantity);

    public sealed record Address(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country, string? Region = null, string? Phone = null);

    /// <param name="ShippingAddressId">An address of the user's address book (Identity), instead of <paramref name="ShippingAddress"/>.</param>
    /// <param name="ShippingMethodId">Required when any shipping method ships to the destination.</param>
    public sealed record Request(
        List<Line?>? Items, Address? ShippingAddress, string? PaymentMethodId, Guid? ShippingAddressId = null, Guid? ShippingMethodId = null, string? CouponCode = null);

    public static RouteGroupBuilder MapPlaceOrder(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .WithIdempotency<Request>("orders", IdempotencyKeeps.Successes)
            .WithName("PlaceOrder")
            .WithSummary("Place an order priced from the catalog (Idempotency-Key supported): 201 pending; lines of one product are merged")
            .Produces<OrderResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    internal static async Task<IResult> HandleAsync(
        Request request,
        ClaimsPrincipal principal,
        HttpContext http,
        OrderingDb db,
        CatalogClient catalog,
        CheckoutPricer pricer,
        IdempotentRequest idempotency,
        GuestPlacement guest,
        TimeProvider clock,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        ILogger<Order> logger,
        CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return OrderProblems.NotAUser();
        }

        // The route's Idempotency-Key was claimed before this runs; a refusal below gives it back.
        var errors = PlaceOrderRules.Validate(request, out var wanted, out var address);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The order is not valid");
        }

        IReadOnlyList<CatalogProduct> products;
        try
        {
            products = await catalog.LookupAsync([.. wanted.Select(w => w.ProductId)], cancellationToken);
        }
        catch (CatalogUnavailableException ex)
        {
            LogCatalogUnavailable(logger, ex);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Prices unavailable",
                detail: "The catalog could not be reached to price the order; nothing was ordered. Try again shortly.");
        }

        var items = PlaceOrderRules.Price(wanted, products, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The order names products that cannot be ordered");
        }

        CheckoutPrice? price;
        try
        {
            var ask = new CheckoutAsk(userId, items, products, address, request.ShippingAddressId, request.ShippingMethodId, request.CouponCode?.Trim());
            price = await pricer.PriceAsync(ask, forOrder: true, errors, cancellationToken);
        }
        catch (IdentityUnavailableException ex)
        {
            LogIdentityUnavailable(logger, ex);
            return CheckoutProblems.AddressBookUnavailable();
        }

        if (price is null)
        {
            return Problems.Invalid(errors, "The order cannot be placed as asked");
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var coupon = price.Coupon is { } promotion ? CouponUse.Of(promotion.Id, promotion.Code, userId, price.Breakdown.CouponSaving, now) : null;
        var shipping = price.Method is { } method ? new ChosenShipping(method.Id, method.Name) : null;
        var order = Order.Place(id, userId, items, products[0].Currency, price.Address!, request.PaymentMethodId?.Trim(), now, price.Breakdown, shipping, coupon);
        // A guest's order gets its token and GuestCheckedOut here (saved with the order, or not at all).
        var body = JsonSerializer.Serialize(guest.Apply(order, db), json.Value.SerializerOptions);
        var location = $"/api/orders/{order.Id}";
        try
        {
            var refusal = await CouponClaim.SaveAsync(db, order, price.Coupon, () =>
            {
                db.Orders.Add(order);
                db.AddPlacedEvent(order);
                // The replayable answer is saved with the order: never an order without it.
                idempotency.Stage(StatusCodes.Status201Created, body, location);
            }, cancellationToken);
            if (refusal is not null)
            {
                return Problems.Invalid("couponCode", refusal, "The coupon cannot be used");
            }
        }
        catch (DbUpdateConcurrencyException) when (idempotency.Key is not null)
        {
            // The claim outlived its lease and another request took the key over: that one answers.
            return idempotency.TakenOver();
        }

        LogPlaced(logger, order.Id, userId, order.Items.Count, order.TotalPrice, order.Currency);
        http.Response.Headers.Location = location;
        return TypedResults.Content(body, "application/json; charset=utf-8", statusCode: StatusCodes.Status201Created);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} placed by {UserId}: {Lines} lines, {Total} {Currency}")]
    private static partial void LogPlaced(ILogger logger, Guid orderId, Guid userId, int lines, decimal total, string currency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity could not be asked for an order's address")]
    private static partial void LogIdentityUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog could not price an order")]
    private static partial void LogCatalogUnavailable(ILogger logger, Exception exception);
}
