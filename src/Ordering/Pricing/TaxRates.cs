using System.Security.Claims;
using Bazaar.Messaging;
using Bazaar.Ordering.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Ordering.Pricing;

/// <summary>/api/tax/rates: the tax table, read by anyone and replaced as a whole by an admin.</summary>
public static class TaxRates
{
    public const int MaxRates = 2000;

    public static readonly string[] Classes = ["standard", "reduced", "zero"];

    public sealed record RateRequest(string? Country, string? Region, string? TaxClass, decimal? Rate);

    public sealed record Response(string Country, string? Region, string TaxClass, decimal Rate);

    public static RouteGroupBuilder MapTaxRates(this RouteGroupBuilder group)
    {
        group.MapGet("/rates", ListAsync).AllowAnonymous().WithName("ListTaxRates").WithSummary("The tax table: a rate (a fraction) per country, region and tax class");
        group.MapPut("/rates", ReplaceAsync).RequireAuthorization(Policies.Admin).WithName("ReplaceTaxRates").WithSummary("Replace the whole tax table (admin)");
        return group;
    }

    internal static async Task<Ok<List<Response>>> ListAsync(OrderingDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(Sorted(await db.TaxRates.AsNoTracking().ToListAsync(cancellationToken)));

    internal static async Task<Results<Ok<List<Response>>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        List<RateRequest?>? rates, ClaimsPrincipal principal, OrderingDb db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var table = new List<TaxRate>();
        if (rates is null || rates.Count > MaxRates)
        {
            errors["rates"] = [$"The body is the whole table: a list of at most {MaxRates} rates."];
        }

        for (var i = 0; i < (rates?.Count ?? 0) && rates!.Count <= MaxRates; i++)
        {
            var given = rates[i];
            var country = given?.Country?.Trim().ToUpperInvariant() ?? "";
            var region = string.IsNullOrWhiteSpace(given?.Region) ? null : given.Region.Trim();
            var taxClass = given?.TaxClass?.Trim().ToLowerInvariant() ?? "";
            if (!ShippingMethods.CountryCode().IsMatch(country))
            {
                errors[$"[{i}].country"] = ["country is required: an ISO 3166-1 alpha-2 code such as US."];
            }

            if (region is { Length: > PricingLimits.MaxNameLength } || (region?.Any(char.IsControl) ?? false))
            {
                errors[$"[{i}].region"] = [$"region must be at most {PricingLimits.MaxNameLength} characters."];
            }

            if (!Classes.Contains(taxClass))
            {
                errors[$"[{i}].taxClass"] = [$"taxClass is required: one of {string.Join(", ", Classes)}."];
            }

            if (given?.Rate is not { } rate || rate < 0 || rate > 1 || decimal.Round(rate, 6) != rate)
            {
                errors[$"[{i}].rate"] = ["rate is required: a fraction from 0 to 1 (0.20 for 20 %), at most 6 decimals."];
            }
            else if (table.Any(r => r.Country == country && string.Equals(r.Region, region, StringComparison.OrdinalIgnoreCase) && r.TaxClass == taxClass))
            {
                errors[$"[{i}]"] = ["The table already has a rate for this country, region and tax class."];
            }
            else
            {
                table.Add(new TaxRate { Id = Guid.CreateVersion7(), Country = country, Region = region, TaxClass = taxClass, Rate = rate });
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The tax table is not valid");
        }

        // Removed and added in one SaveChanges, so one transaction: readers see the old table or the new.
        var old = await db.TaxRates.ToListAsync(cancellationToken);
        db.TaxRates.RemoveRange(old);
        db.TaxRates.AddRange(table);
        db.Audit(principal, "tax_rates", "table", "replaced", new { Rates = Sorted(old) }, new { Rates = Sorted(table) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The tax table changed", detail: "Another replacement was saved meanwhile; send the table again.");
        }

        return TypedResults.Ok(Sorted(table));
    }

    private static List<Response> Sorted(IEnumerable<TaxRate> rates) =>
        [.. rates.OrderBy(r => r.Country, StringComparer.Ordinal).ThenBy(r => r.Region ?? "", StringComparer.Ordinal).ThenBy(r => Array.IndexOf(Classes, r.TaxClass))
            .Select(r => new Response(r.Country, r.Region, r.TaxClass, r.Rate))];
}
