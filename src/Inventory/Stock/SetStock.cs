using System.Security.Claims;
using Bazaar.Inventory.Data;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Stock;

public static class SetStock
{
    public const int MaxUnits = 1_000_000_000;

    /// <summary>Sets the count on hand in one warehouse (the default one when none is named).</summary>
    /// <param name="Reason">Added to the contract's body: why the count changed, kept on the ledger line.</param>
    public sealed record Request(Guid? WarehouseId, int? OnHand, int? LowStockThreshold, string? Reason = null);

    public static RouteGroupBuilder MapSetStock(this RouteGroupBuilder group)
    {
        group.MapPut("/{productId:guid}", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("SetStock")
            .WithSummary("Set a product's units on hand (and threshold) in a warehouse (admin)");
        return group;
    }

    internal static async Task<Results<Ok<GetStock.Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid productId, Request request, ClaimsPrincipal principal, InventoryDb db, StockBook book, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        var warehouseId = request.WarehouseId ?? Warehouse.DefaultId;
        if (errors.Count == 0 && !await db.Warehouses.AnyAsync(w => w.Id == warehouseId, cancellationToken))
        {
            errors["warehouseId"] = ["There is no such warehouse."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The stock update is not valid");
        }

        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            var problem = await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var sheet = await book.LockAsync([productId], ct);
                if (!sheet.Knows(productId))
                {
                    return InventoryProblems.ProductNotFound(productId);
                }

                var now = clock.GetUtcNow();
                var item = sheet.Find(productId, warehouseId);
                if (item is null)
                {
                    item = StockItem.Create(productId, warehouseId, 0, 0, now);
                    book.Add(sheet, item);
                }

                var before = new { item.WarehouseId, item.OnHand, item.LowStockThreshold };
                var delta = request.OnHand!.Value - item.OnHand;
                if (!item.TrySetOnHand(request.OnHand.Value, now))
                {
                    return TypedResults.Problem(
                        statusCode: StatusCodes.Status409Conflict,
                        title: "Units are promised to orders",
                        detail: $"{item.Reserved} units in this warehouse are reserved for orders; on hand cannot be fewer.");
                }

                // More units is stock received; fewer is a correction (lost, damaged, miscounted).
                if (delta != 0)
                {
                    book.Record(delta > 0 ? MovementType.Received : MovementType.Adjusted, item, delta, reason: string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim());
                }

                if (request.LowStockThreshold is { } threshold)
                {
                    item.SetLowStockThreshold(threshold, now);
                }

                db.Audit(principal, "stock", productId, "set", before, new { item.WarehouseId, item.OnHand, item.LowStockThreshold, Reason = request.Reason?.Trim() });
                await book.PublishChangesAsync(sheet, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return null;
            }, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
        }
        catch (DbUpdateException ex) when (InventoryProblems.IsUniqueViolation(ex))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Stock changed meanwhile",
                detail: "Another update created this product's row in that warehouse at the same time; try again.");
        }

        return TypedResults.Ok((await GetStock.LoadAsync(db, productId, cancellationToken))!);
    }

    private static Dictionary<string, string[]> Validate(Request request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.OnHand is not { } onHand)
        {
            errors["onHand"] = ["onHand is required."];
        }
        else if (onHand is < 0 or > MaxUnits)
        {
            errors["onHand"] = [$"onHand must be between 0 and {MaxUnits}."];
        }

        if (request.LowStockThreshold is < 0 or > MaxUnits)
        {
            errors["lowStockThreshold"] = [$"lowStockThreshold must be between 0 and {MaxUnits}."];
        }

        if (request.Reason is { } reason && (reason.Trim().Length > StockMovement.MaxReasonLength || reason.Any(char.IsControl)))
        {
            errors["reason"] = [$"reason must be at most {StockMovement.MaxReasonLength} characters, without control characters."];
        }

        if (request.WarehouseId == Guid.Empty)
        {
            errors["warehouseId"] = ["warehouseId must not be empty."];
        }

        return errors;
    }
}
