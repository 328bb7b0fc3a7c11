using System.Security.Claims;
using System.Text.RegularExpressions;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Pricing;

/// <summary>/api/shipping/methods: what anyone may choose for a destination, and the admin's list of methods.</summary>
public static partial class ShippingMethods
{
    private const string AuditEntity = "shipping_method";

    public const int MaxCountries = 250;
    public const int MaxDays = 365;
    public const decimal MaxPrice = 1_000_000m;

    public sealed record Days(int? Min, int? Max);

    public sealed record Request(string? Name, string? Carrier, List<string?>? Countries, decimal? Price, decimal? FreeOver, Days? EstimatedDays);

    public sealed record EstimatedDays(int Min, int Max);

    /// <param name="Price">For GET with ?subtotal, the price for that subtotal (0 from freeOver up); otherwise the method's price, as <paramref name="BasePrice"/>.</param>
    public sealed record Response(
        Guid Id, string Name, string? Carrier, IReadOnlyList<string> Countries, decimal Price, decimal BasePrice, decimal? FreeOver, EstimatedDays EstimatedDays);

    public static RouteGroupBuilder MapShippingMethods(this RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).AllowAnonymous().WithName("ListShippingMethods")
            .WithSummary("Shipping methods; with ?country those that ship there, priced for ?subtotal (free from freeOver)");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admin).WithName("CreateShippingMethod").WithSummary("Add a shipping method (admin)");
        group.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admin).WithName("UpdateShippingMethod").WithSummary("Change a shipping method (admin)");
        group.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admin).WithName("DeleteShippingMethod")
            .WithSummary("Remove a shipping method (admin); orders keep the copy they were placed with");
        return group;
    }

    internal static async Task<Results<Ok<List<Response>>, ValidationProblem>> ListAsync(string? country, decimal? subtotal, OrderingDb db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (country is not null && !CountryCode().IsMatch(country.Trim().ToUpperInvariant()))
        {
            errors["country"] = ["country must be an ISO 3166-1 alpha-2 code such as US."];
        }

        if (subtotal is < 0 or > 100_000_000m)
        {
            errors["subtotal"] = ["subtotal must be from 0 to 100000000."];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The shipping query is not valid");
        }

        var methods = await db.ShippingMethods.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(methods
            .Where(m => country is null || m.ShipsTo(country))
            .Select(m => From(m, subtotal))
            .OrderBy(m => m.Price).ThenBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id)
            .ToList());
    }

    internal static async Task<Results<Created<Response>, ValidationProblem>> CreateAsync(Request request, ClaimsPrincipal principal, OrderingDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var method = new ShippingMethod { Id = Guid.CreateVersion7(), CreatedAt = clock.GetUtcNow() };
        if (Apply(request, method, clock) is { Count: > 0 } errors)
        {
            return Problems.Invalid(errors, "The shipping method is not valid");
        }

        db.ShippingMethods.Add(method);
        db.Audit(principal, AuditEntity, method.Id, "created", null, From(method, null));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/shipping/methods/{method.Id}", From(method, null));
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, Request request, ClaimsPrincipal principal, OrderingDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.ShippingMethods.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) is not { } method)
        {
            return CheckoutProblems.NotFound("Shipping method");
        }

        var before = From(method, null);
        if (Apply(request, method, clock) is { Count: > 0 } errors)
        {
            return Problems.Invalid(errors, "The shipping method is not valid");
        }

        db.Audit(principal, AuditEntity, method.Id, "updated", before, From(method, null));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(From(method, null));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        if (await db.ShippingMethods.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) is not { } method)
        {
            return CheckoutProblems.NotFound("Shipping method");
        }

        db.ShippingMethods.Remove(method);
        db.Audit(principal, AuditEntity, method.Id, "deleted", From(method, null), null);
        return await db.TrySaveDeletionAsync(cancellationToken) ? TypedResults.NoContent() : CheckoutProblems.NotFound("Shipping method");
    }

    /// <summary>Validates the request and, when it is valid, writes it to <paramref name="method"/>.</summary>
    private static Dictionary<string, string[]> Apply(Request request, ShippingMethod method, TimeProvider clock)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > PricingLimits.MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"name is required: at most {PricingLimits.MaxNameLength} characters."];
        }

        var carrier = string.IsNullOrWhiteSpace(request.Carrier) ? null : request.Carrier.Trim();
        if (carrier is { Length: > PricingLimits.MaxNameLength } || (carrier?.Any(char.IsControl) ?? false))
        {
            errors["carrier"] = [$"carrier must be at most {PricingLimits.MaxNameLength} characters."];
        }

        var countries = (request.Countries ?? []).Select(c => c?.Trim().ToUpperInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (countries.Count is 0 or > MaxCountries
            || !(countries is [ShippingMethod.Everywhere] || countries.All(c => CountryCode().IsMatch(c))))
        {
            errors["countries"] = ["countries is required: [\"*\"] for everywhere, or ISO 3166-1 alpha-2 codes such as [\"US\", \"CA\"]."];
        }

        if (!IsMoney(request.Price))
        {
            errors["price"] = [$"price is required: from 0 to {MaxPrice}, at most 2 decimals."];
        }

        if (request.FreeOver is not null && !IsMoney(request.FreeOver))
        {
            errors["freeOver"] = [$"freeOver, when given, must be from 0 to {MaxPrice}, at most 2 decimals."];
        }

        if (request.EstimatedDays is not { Min: { } min and >= 0 and <= MaxDays, Max: { } max and <= MaxDays } || max < min)
        {
            errors["estimatedDays"] = [$"estimatedDays is required: {{min, max}} with 0 <= min <= max <= {MaxDays}."];
        }

        if (errors.Count == 0)
        {
            (method.Name, method.Carrier, method.Countries, method.Price, method.FreeOver) = (name!, carrier, countries, request.Price!.Value, request.FreeOver);
            (method.MinDays, method.MaxDays, method.UpdatedAt) = (request.EstimatedDays!.Min!.Value, request.EstimatedDays.Max!.Value, clock.GetUtcNow());
        }

        return errors;
    }

    internal static bool IsMoney(decimal? amount) => amount is { } a && a >= 0 && a <= MaxPrice && decimal.Round(a, 2) == a;

    private static Response From(ShippingMethod m, decimal? subtotal) =>
        new(m.Id, m.Name, m.Carrier, m.Countries, subtotal is { } s ? m.PriceFor(s) : m.Price, m.Price, m.FreeOver, new EstimatedDays(m.MinDays, m.MaxDays));

    [GeneratedRegex("^[A-Z]{2}$")]
    internal static partial Regex CountryCode();
}
