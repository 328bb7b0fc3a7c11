using System.Security.Claims;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bazaar.Ordering.Returns;

/// <summary>
/// The owner asks to send back part of a delivered order, within the return window, at most what
/// was bought less what other returns (requested, approved or received; not rejected) already claim.
/// </summary>
public static partial class RequestReturn
{
    public sealed record ItemRequest(Guid? ProductId, Guid? VariantId, int? Quantity, string? Reason);

    public sealed record Request(List<ItemRequest>? Items);

    public static RouteGroupBuilder MapRequestReturn(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/returns", HandleAsync)
            .WithName("RequestReturn")
            .WithSummary("Ask to return lines of a delivered order (owner): 201 requested; 409 outside the return window or more than is left to return");
        return group;
    }

    internal static async Task<Results<Created<ReturnResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id,
        Request request,
        ClaimsPrincipal principal,
        OrderingDb db,
        TimeProvider clock,
        IOptions<OrderingOptions> options,
        ILogger<OrderReturn> logger,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The return is not valid");
        }

        var items = request.Items!.Select(i => new ReturnItem(i.ProductId!.Value, i.VariantId, i.Quantity!.Value, i.Reason!.Trim())).ToList();
        return await db.InTransactionAsync<Results<Created<ReturnResponse>, ValidationProblem, ProblemHttpResult>>(
            async ct =>
            {
                if (!await db.LockOrderAsync(id, ct))
                {
                    return (OrderProblems.NotFound(), false);
                }

                var order = await db.Orders.AsNoTracking().AsSplitQuery().FirstAsync(o => o.Id == id, ct);
                if (principal.UserId() != order.UserId)
                {
                    return (OrderProblems.NotFound(), false);
                }

                var now = clock.GetUtcNow();
                if (Refusal(order, now, options.Value.ReturnWindow) is { } refused)
                {
                    return (refused, false);
                }

                var claimed = await db.Returns.AsNoTracking().Where(r => r.OrderId == id && r.Status != ReturnStatus.Rejected).ToListAsync(ct);
                if (TooMany(order, items, claimed) is { } tooMany)
                {
                    return (tooMany, false);
                }

                var created = OrderReturn.Request(Guid.CreateVersion7(), order.Id, order.UserId, order.Currency, items, now);
                db.Returns.Add(created);
                LogRequested(logger, created.Id, order.Id, items.Sum(i => i.Quantity));
                return (TypedResults.Created($"/api/returns/{created.Id}", ReturnResponse.From(created)), true);
            },
            cancellationToken);
    }

    private static ProblemHttpResult? Refusal(Order order, DateTimeOffset now, TimeSpan window)
    {
        if (order.Status is not (OrderStatus.Delivered or OrderStatus.PartiallyRefunded) || order.DeliveredAt is not { } delivered)
        {
            return ReturnProblems.Refused("Not returnable", $"Only a delivered order can be returned; this one is {OrderWire.Of(order.Status)}.");
        }

        return now > delivered + window
            ? ReturnProblems.Refused("Return window closed", $"Returns are accepted for {window.TotalDays:0} days after delivery; this order was delivered on {delivered:yyyy-MM-dd}.")
            : null;
    }

    /// <summary>Each line at most what was bought less what the order's other returns (rejected ones aside) claim.</summary>
    private static ProblemHttpResult? TooMany(Order order, List<ReturnItem> items, List<OrderReturn> claimed)
    {
        foreach (var item in items)
        {
            // Lines are one per product; a variant names a line only when the order bought that variant (none do yet).
            var line = item.VariantId is null ? order.Items.FirstOrDefault(i => i.ProductId == item.ProductId) : null;
            if (line is null)
            {
                return ReturnProblems.Refused("Not in the order", $"The order has no line of product {item.ProductId}{(item.VariantId is { } v ? $" (variant {v})" : "")}.");
            }

            var left = line.Quantity - claimed.SelectMany(r => r.Items).Where(i => i.ProductId == item.ProductId).Sum(i => i.Quantity);
            if (item.Quantity > left)
            {
                return ReturnProblems.Refused("More than is left to return", $"At most {left} of product {item.ProductId} can still be returned.");
            }
        }

        return null;
    }

    private static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Items is not { Count: > 0 and <= OrderReturn.MaxItems } items)
        {
            errors["items"] = [$"items is required: 1 to {OrderReturn.MaxItems} lines."];
            return errors;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                errors[$"items[{i}]"] = ["Each line is an object {productId, variantId?, quantity, reason}."];
                continue;
            }

            if (item.ProductId is null || item.ProductId == Guid.Empty)
            {
                errors[$"items[{i}].productId"] = ["productId is required."];
            }

            if (item.VariantId == Guid.Empty)
            {
                errors[$"items[{i}].variantId"] = ["variantId, when given, must not be empty."];
            }

            if (item.Quantity is not (>= Order.MinQuantity and <= Order.MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"quantity is required: {Order.MinQuantity} to {Order.MaxQuantity}."];
            }

            if (string.IsNullOrWhiteSpace(item.Reason) || item.Reason.Trim().Length > OrderReturn.MaxReasonLength || item.Reason.Any(c => char.IsControl(c) && c != '\n'))
            {
                errors[$"items[{i}].reason"] = [$"reason is required: 1 to {OrderReturn.MaxReasonLength} characters."];
            }
        }

        if (errors.Count == 0 && items.DistinctBy(i => (i!.ProductId, i.VariantId)).Count() != items.Count)
        {
            errors["items"] = ["Each product (and variant) may appear once."];
        }

        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Return {ReturnId} of {Units} units requested for order {OrderId}")]
    private static partial void LogRequested(ILogger logger, Guid returnId, Guid orderId, int units);
}
