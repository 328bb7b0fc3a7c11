using System.Security.Claims;
using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Addresses;

/// <summary>The contract's address shape, also what Ordering reads from /internal.</summary>
public sealed record AddressResponse(
    Guid Id, string? Label, string Name, string Line1, string? Line2, string City, string? Region,
    string PostalCode, string Country, string? Phone, bool IsDefault)
{
    public static AddressResponse From(Address a) =>
        new(a.Id, a.Label, a.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.Phone, a.IsDefault);
}

/// <summary>
/// The signed-in user's address book: read and delete here, add and change in SaveAddress. Every
/// change locks the user's row first, so the limit and the single default hold under concurrent requests.
/// </summary>
public static class AddressBook
{
    public static RouteGroupBuilder MapAddressBook(this RouteGroupBuilder group)
    {
        group.MapGet("/me/addresses", ListAsync).WithName("ListAddresses").WithSummary("My address book, the default first");
        group.MapGet("/me/addresses/{id:guid}", GetAsync).WithName("GetAddress").WithSummary("One of my addresses");
        group.MapPost("/me/addresses", SaveAddress.AddAsync).WithName("AddAddress").WithSummary($"Add an address (at most {AddressRules.MaxAddresses})");
        group.MapPut("/me/addresses/{id:guid}", SaveAddress.UpdateAsync).WithName("UpdateAddress").WithSummary("Change an address");
        group.MapDelete("/me/addresses/{id:guid}", DeleteAsync).WithName("DeleteAddress").WithSummary("Remove an address");
        return group;
    }

    internal static async Task<Results<Ok<List<AddressResponse>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal principal, IdentityDb db, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return NotFound();
        }

        var addresses = await db.Addresses.AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(addresses.Select(AddressResponse.From).ToList());
    }

    internal static async Task<Results<Ok<AddressResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, IdentityDb db, CancellationToken cancellationToken)
    {
        var address = principal.UserId() is { } userId
            ? await db.Addresses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, cancellationToken)
            : null;
        return address is null ? NotFound() : TypedResults.Ok(AddressResponse.From(address));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal principal, IdentityDb db, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return NotFound();
        }

        var deleted = await db.InTransactionAsync(async ct =>
        {
            await LockAsync(db, userId, ct);
            var address = await db.Addresses.FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct);
            if (address is null)
            {
                return false;
            }

            db.Addresses.Remove(address);
            await db.SaveChangesAsync(ct);
            if (address.IsDefault)
            {
                // The book keeps exactly one default while it has any address: the oldest one left.
                var oldest = await db.Addresses.Where(a => a.UserId == userId).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).FirstOrDefaultAsync(ct);
                oldest?.MakeDefault(true);
                await db.SaveChangesAsync(ct);
            }

            return true;
        }, cancellationToken);
        return deleted ? TypedResults.NoContent() : NotFound();
    }

    /// <summary>Holds the user's row until the transaction ends: one change to a user's book at a time.</summary>
    internal static Task LockAsync(IdentityDb db, Guid userId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", cancellationToken);

    /// <summary>Another user's address, like one that never existed.</summary>
    internal static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Address not found",
        detail: "There is no such address in your address book.");
}
