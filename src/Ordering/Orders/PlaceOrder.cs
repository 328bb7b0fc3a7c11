using System.Security.Claims;
using System.Text.Json;
using Bazaar.Ordering.Catalog;
using Bazaar.Ordering.Data;
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

    public sealed record Address(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);

    public sealed record Request(List<Line?>? Items, Address? ShippingAddress, string? PaymentMethodId);

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

        var now = clock.GetUtcNow();
        var order = Order.Place(Guid.CreateVersion7(), userId, items, products[0].Currency, address!, request.PaymentMethodId?.Trim(), now);
        db.Orders.Add(order);
        var response = guest.Apply(order, db);
        db.AddPlacedEvent(order);
        var body = JsonSerializer.Serialize(response, json.Value.SerializerOptions);
        var location = $"/api/orders/{order.Id}";
        // The replayable answer is saved with the order: never an order without it.
        idempotency.Stage(StatusCodes.Status201Created, body, location);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The catalog could not price an order")]
    private static partial void LogCatalogUnavailable(ILogger logger, Exception exception);
}
