using System.Security.Claims;
using Bazaar.Contracts;
using Bazaar.Inventory.Data;
using Bazaar.Inventory.Stock;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Reservations;

public static class ReserveStock
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 100_000;

    public sealed record Line(Guid? ProductId, int? Quantity);

    public sealed record Request(Guid? OrderId, IReadOnlyList<Line?>? Items);

    public sealed record ReservationResponse(
        Guid OrderId, ReservationStatus Status, IReadOnlyList<StockLine> Items, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
    {
        public static ReservationResponse From(Reservation r) => new(r.OrderId, r.Status, r.Items, r.CreatedAt, r.ExpiresAt);
    }

    public static RouteGroupBuilder MapReserveStock(this RouteGroupBuilder group)
    {
        group.MapPost("/reserve", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ReserveStock")
            .WithSummary("Reserve all lines of an order or none: 201, 200 when the order already has this reservation, 409 with shortages (admin)");
        return group;
    }

    internal static async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request, ClaimsPrincipal principal, InventoryDb db, StockReservations reservations, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The reservation is not valid");
        }

        var orderId = request.OrderId!.Value;
        var lines = request.Items!.Select(l => new StockLine(l!.ProductId!.Value, l.Quantity!.Value)).ToList();
        ReserveOutcome outcome;
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            outcome = await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await reservations.ReserveAsync(orderId, lines, ct);
                if (result.Result == ReserveResult.Created)
                {
                    db.Audit(principal, "reservation", orderId, "created", null, new { Items = lines });
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (InventoryProblems.IsUniqueViolation(ex))
        {
            // The same order reserved at the same moment over other products: the first one stands.
            db.ChangeTracker.Clear();
            outcome = new ReserveOutcome(ReserveResult.Existing, await reservations.FindAsync(orderId, cancellationToken), []);
        }

        return outcome.Result switch
        {
            ReserveResult.Created => TypedResults.Created($"/api/inventory/reservations/{orderId}", ReservationResponse.From(outcome.Reservation!)),
            ReserveResult.Existing when outcome.Reservation!.Holds(lines) => TypedResults.Ok(ReservationResponse.From(outcome.Reservation)),
            ReserveResult.Existing => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The order already has a reservation",
                detail: $"Order {orderId} already holds other items; a reservation is made once per order."),
            _ => Short(outcome.Shortages),
        };
    }

    private static ProblemHttpResult Short(IReadOnlyList<Shortage> shortages) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Not enough stock",
        detail: $"{shortages.Count} of the items cannot be reserved; nothing was reserved.",
        extensions: new Dictionary<string, object?> { ["shortages"] = shortages });

    private static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OrderId is null || request.OrderId == Guid.Empty)
        {
            errors["orderId"] = ["orderId is required."];
        }

        if (request.Items is not { Count: > 0 and <= MaxLines } items)
        {
            errors["items"] = [$"items must hold between 1 and {MaxLines} lines."];
            return errors;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i]?.ProductId is null || items[i]!.ProductId == Guid.Empty)
            {
                errors[$"items[{i}].productId"] = ["productId is required."];
            }

            if (items[i]?.Quantity is not (>= 1 and <= MaxQuantity))
            {
                errors[$"items[{i}].quantity"] = [$"quantity must be between 1 and {MaxQuantity}."];
            }
        }

        return errors;
    }
}
