using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.Ordering.Orders;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Ordering.Pricing;

/// <summary>/api/promotions (admin): coupon codes, unique case-insensitively, each with how often it is in use.</summary>
public static class Promotions
{
    private const string AuditEntity = "promotion";

    public sealed record Request(
        string? Code,
        string? Kind,
        decimal? Value,
        decimal? MinSubtotal,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        int? UsageLimit,
        int? PerCustomerLimit,
        List<Guid>? ProductIds,
        List<Guid>? CategoryIds);

    /// <param name="TimesUsed">Orders holding a use of the code (an order cancelled before payment gave its use back).</param>
    public sealed record Response(
        Guid Id,
        string Code,
        PromotionKind Kind,
        decimal Value,
        decimal? MinSubtotal,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        int? UsageLimit,
        int? PerCustomerLimit,
        IReadOnlyList<Guid> ProductIds,
        IReadOnlyList<Guid> CategoryIds,
        int TimesUsed,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);

    public static RouteGroupBuilder MapPromotions(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).WithName("ListPromotions").WithSummary("Every promotion, newest first, with timesUsed (admin)");
        group.MapPost("/", CreateAsync).WithName("CreatePromotion").WithSummary("Add a coupon code (admin); 409 when the code is taken, whatever its case");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetPromotion").WithSummary("A promotion with timesUsed (admin)");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdatePromotion").WithSummary("Change a promotion (admin); orders keep the discount they got");
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeletePromotion").WithSummary("Remove a promotion (admin); orders keep the discount they got");
        return group;
    }

    internal static async Task<Ok<List<Response>>> ListAsync(OrderingDb db, CancellationToken cancellationToken)
    {
        var promotions = await db.Promotions.AsNoTracking().OrderByDescending(p => p.CreatedAt).ToListAsync(cancellationToken);
        var uses = await CouponUses.CountAsync(db, [.. promotions.Select(p => p.Id)], cancellationToken);
        return TypedResults.Ok(promotions.Select(p => From(p, uses.GetValueOrDefault(p.Id))).ToList());
    }

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> GetAsync(Guid id, OrderingDb db, CancellationToken cancellationToken) =>
        await db.Promotions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } promotion
            ? TypedResults.Ok(From(promotion, await CouponUses.CountAsync(db, id, null, cancellationToken)))
            : CheckoutProblems.NotFound("Promotion");

    internal static async Task<Results<Created<Response>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Request request, ClaimsPrincipal principal, OrderingDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var promotion = new Promotion { Id = Guid.CreateVersion7(), CreatedAt = now };
        if (PromotionRules.Apply(request, promotion, now) is { Count: > 0 } errors)
        {
            return Problems.Invalid(errors, "The promotion is not valid");
        }

        db.Promotions.Add(promotion);
        db.Audit(principal, AuditEntity, promotion.Id, "created", null, Snapshot(promotion));
        if (await SaveAsync(db, promotion, cancellationToken) is { } taken)
        {
            return taken;
        }

        return TypedResults.Created($"/api/promotions/{promotion.Id}", From(promotion, 0));
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Request request, ClaimsPrincipal principal, OrderingDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Promotions.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } promotion)
        {
            return CheckoutProblems.NotFound("Promotion");
        }

        var before = Snapshot(promotion);
        if (PromotionRules.Apply(request, promotion, clock.GetUtcNow()) is { Count: > 0 } errors)
        {
            return Problems.Invalid(errors, "The promotion is not valid");
        }

        db.Audit(principal, AuditEntity, promotion.Id, "updated", before, Snapshot(promotion));

        if (await SaveAsync(db, promotion, cancellationToken) is { } taken)
        {
            return taken;
        }

        return TypedResults.Ok(From(promotion, await CouponUses.CountAsync(db, id, null, cancellationToken)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        if (await db.Promotions.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is not { } promotion)
        {
            return CheckoutProblems.NotFound("Promotion");
        }

        db.Promotions.Remove(promotion);
        db.Audit(principal, AuditEntity, promotion.Id, "deleted", Snapshot(promotion), null);
        return await db.TrySaveDeletionAsync(cancellationToken) ? TypedResults.NoContent() : CheckoutProblems.NotFound("Promotion");
    }

    /// <summary>What the audit log keeps of a promotion (lists copied, as the promotion changes after).</summary>
    private static object Snapshot(Promotion p) => new
    {
        p.Code, p.Kind, p.Value, p.MinSubtotal, p.StartsAt, p.EndsAt, p.UsageLimit, p.PerCustomerLimit,
        ProductIds = p.ProductIds.ToList(), CategoryIds = p.CategoryIds.ToList(),
    };

    /// <summary>Saves; the unique index on the normalized code turns a taken code (even one racing in) into 409.</summary>
    private static async Task<ProblemHttpResult?> SaveAsync(OrderingDb db, Promotion promotion, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Code taken",
                detail: $"Another promotion has the code {promotion.Code} (codes are the same whatever their case).");
        }
    }

    private static Response From(Promotion p, int timesUsed) => new(
        p.Id, p.Code, p.Kind, p.Value, p.MinSubtotal, p.StartsAt, p.EndsAt, p.UsageLimit, p.PerCustomerLimit, p.ProductIds, p.CategoryIds, timesUsed, p.CreatedAt, p.UpdatedAt);
}
