using System.Security.Claims;
using Bazaar.Inventory.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Inventory.Alerts;

/// <summary>
/// "Tell me when it's back": any signed-in person. The alert waits for the next time the product's
/// available stock goes from zero to positive, mails once, and is gone. Asked while the product
/// is in stock, it waits for the next sell-out and restock.
/// </summary>
public static class RequestStockAlert
{
    /// <param name="VariantId">Accepted only absent or null until products have variants.</param>
    public sealed record Request(Guid? VariantId);

    public sealed record Response(Guid ProductId, Guid? VariantId, string Status);

    public static RouteGroupBuilder MapRequestStockAlert(this RouteGroupBuilder group)
    {
        group.MapPost("/{productId:guid}/alerts", HandleAsync)
            .RequireAuthorization()
            .WithName("RequestStockAlert")
            .WithSummary("Mail me once when this product is back in stock: 202, also when asked again (signed-in person)");
        return group;
    }

    internal static async Task<Results<Accepted<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid productId, [FromBody] Request? request, ClaimsPrincipal principal, InventoryDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Only a person can ask",
                detail: "A back-in-stock alert is mailed to a person; a service token has nobody to mail.");
        }

        if (request?.VariantId is not null)
        {
            return Problems.Invalid("variantId", "This product has no variants; leave variantId out.", "The alert is not valid");
        }

        if (!await db.StockItems.AnyAsync(i => i.ProductId == productId, cancellationToken))
        {
            return InventoryProblems.ProductNotFound(productId);
        }

        // Asking twice keeps the one alert (the unique index on user, product and variant decides).
        var alert = StockAlert.Create(userId, productId, null, clock.GetUtcNow());
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO stock_alerts (id, user_id, product_id, variant_id, created_at)
            VALUES ({alert.Id}, {alert.UserId}, {alert.ProductId}, {alert.VariantId}, {alert.CreatedAt})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
        return TypedResults.Accepted((string?)null, new Response(productId, null, "pending"));
    }
}
