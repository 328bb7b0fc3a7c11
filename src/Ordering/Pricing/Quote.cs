using System.Security.Claims;
using Bazaar.Ordering.AddressBook;
using Bazaar.Ordering.Carts;
using Bazaar.Ordering.Catalog;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;

namespace Bazaar.Ordering.Pricing;

/// <summary>POST /api/checkout/quote: the breakdown an order placed now would get, placing nothing.</summary>
public static class Quote
{
    public sealed record Request(
        List<PlaceOrder.Line?>? Items, bool? FromCart, PlaceOrder.Address? ShippingAddress, Guid? ShippingAddressId, Guid? ShippingMethodId, string? CouponCode);

    public sealed record EstimatedDays(int Min, int Max);

    public sealed record MethodResponse(Guid Id, string Name, decimal Price, EstimatedDays EstimatedDays);

    public sealed record LineResponse(Guid ProductId, Guid? VariantId, int Quantity, decimal UnitPrice, decimal Discount, decimal TaxRate, decimal Tax, decimal LineTotal);

    public sealed record CouponResponse(string Code, decimal Discount);

    public sealed record Response(
        IReadOnlyList<LineResponse> Lines,
        decimal Subtotal,
        decimal DiscountTotal,
        decimal ShippingPrice,
        decimal TaxTotal,
        decimal TotalPrice,
        string Currency,
        IReadOnlyList<MethodResponse> ShippingMethods,
        CouponResponse? Coupon);

    public static RouteGroupBuilder MapQuote(this RouteGroupBuilder group)
    {
        group.MapPost("/quote", HandleAsync)
            .AllowAnonymous()
            .WithName("Quote")
            .WithSummary("Price a checkout (items or fromCart, address, shipping method, coupon) as an order placed now would be; places nothing. A person's bearer token, or a guest's Cart-Token")
            .Produces<Response>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    internal static async Task<IResult> HandleAsync(
        Request request, ClaimsPrincipal principal, HttpContext http, CatalogClient catalog, CartClient carts, CheckoutPricer pricer, CancellationToken cancellationToken)
    {
        // A guest quotes with their cart's token (Cart knows it); anyone else needs a person's token.
        var cartToken = http.Request.Headers["Cart-Token"].ToString();
        var guest = principal.Identity?.IsAuthenticated != true && http.Request.Headers.Authorization.Count == 0 && cartToken.Length is > 0 and <= 100;
        if (!guest && principal.Identity?.IsAuthenticated != true)
        {
            return TypedResults.Challenge();
        }

        if (!guest && principal.UserId() is null)
        {
            return OrderProblems.NotAUser();
        }

        IReadOnlyList<CartLine>? guestLines = null;
        Guid userId;
        try
        {
            if (guest)
            {
                if (await carts.GuestLinesAsync(cartToken, cancellationToken) is not { } guestCart)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown cart", detail: "The cart token is unknown or its cart expired.");
                }

                (guestLines, userId) = (guestCart.Lines, GuestOrders.GuestIdFor(guestCart.GuestCart));
            }
            else
            {
                userId = principal.UserId()!.Value;
            }
        }
        catch (CartUnavailableException)
        {
            return CheckoutProblems.CartUnavailable();
        }

        var errors = new Dictionary<string, string[]>();
        if (guest && request.ShippingAddressId is not null)
        {
            errors["shippingAddressId"] = ["A guest has no address book: give shippingAddress."];
        }

        var items = request.Items;
        if (request.FromCart == true && items is not null)
        {
            errors["fromCart"] = ["Give items or fromCart, not both."];
        }

        var address = PlaceOrderRules.CheckDestination(request.ShippingAddress, request.ShippingAddressId, required: false, errors);
        PlaceOrderRules.CheckChoices(request.ShippingMethodId, request.CouponCode, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The quote is not valid");
        }

        try
        {
            if (request.FromCart == true)
            {
                var cart = guestLines ?? await carts.LinesAsync(userId, cancellationToken);
                if (cart.Count == 0)
                {
                    return Problems.Invalid("items", "The cart is empty.", "Nothing to quote");
                }

                items = [.. cart.Select(l => new PlaceOrder.Line(l.ProductId, l.Quantity))];
            }

            var wanted = PlaceOrderRules.CheckLines(items, errors);
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors, "The quote is not valid");
            }

            var products = await catalog.LookupAsync([.. wanted.Select(w => w.ProductId)], cancellationToken);
            var priced = PlaceOrderRules.Price(wanted, products, errors);
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors, "The quote names products that cannot be ordered");
            }

            var ask = new CheckoutAsk(userId, priced, products, address, request.ShippingAddressId, request.ShippingMethodId, request.CouponCode?.Trim());
            var price = await pricer.PriceAsync(ask, forOrder: false, errors, cancellationToken);
            return price is null
                ? Problems.Invalid(errors, "The checkout cannot be priced as asked")
                : TypedResults.Ok(From(price, products[0].Currency));
        }
        catch (CartUnavailableException)
        {
            return CheckoutProblems.CartUnavailable();
        }
        catch (CatalogUnavailableException)
        {
            return CheckoutProblems.CatalogUnavailable();
        }
        catch (IdentityUnavailableException)
        {
            return CheckoutProblems.AddressBookUnavailable();
        }
    }

    private static Response From(CheckoutPrice price, string currency)
    {
        var b = price.Breakdown;
        return new Response(
            [.. b.Lines.Select(l => new LineResponse(l.ProductId, null, l.Quantity, l.UnitPrice, l.Discount, l.TaxRate, l.Tax, l.LineTotal))],
            b.Subtotal,
            b.DiscountTotal,
            b.ShippingPrice,
            b.TaxTotal,
            b.TotalPrice,
            currency,
            [.. price.Offers.Select(o => new MethodResponse(o.Method.Id, o.Method.Name, o.Price, new EstimatedDays(o.Method.MinDays, o.Method.MaxDays)))],
            price.Coupon is { } coupon ? new CouponResponse(coupon.Code, b.CouponSaving) : null);
    }
}
