using System.Security.Claims;
using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Addresses;

/// <summary>
/// Adding and changing an address. The default: the first address is it; <c>isDefault: true</c>
/// moves it; <c>isDefault: false</c> on the default is ignored (making another one the default is
/// how it moves), so a book with addresses always has exactly one.
/// </summary>
public static class SaveAddress
{
    internal static async Task<Results<Created<AddressResponse>, ValidationProblem, ProblemHttpResult>> AddAsync(
        AddressRules.Request request, ClaimsPrincipal principal, IdentityDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return AddressBook.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (AddressRules.Check(request, errors) is not { } fields)
        {
            return Invalid(errors);
        }

        var added = await db.InTransactionAsync(async ct =>
        {
            await AddressBook.LockAsync(db, userId, ct);
            var count = await db.Addresses.CountAsync(a => a.UserId == userId, ct);
            if (count >= AddressRules.MaxAddresses)
            {
                return null;
            }

            var address = Address.Create(userId, fields, clock.GetUtcNow());
            if (count == 0 || request.IsDefault == true)
            {
                await ClearDefaultAsync(db, userId, ct);
                address.MakeDefault(true);
            }

            db.Addresses.Add(address);
            await db.SaveChangesAsync(ct);
            return address;
        }, cancellationToken);

        return added is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Address book full",
                detail: $"An address book holds at most {AddressRules.MaxAddresses} addresses (409: the request is valid, the book is full). Delete one before adding another.")
            : TypedResults.Created($"/api/users/me/addresses/{added.Id}", AddressResponse.From(added));
    }

    internal static async Task<Results<Ok<AddressResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, AddressRules.Request request, ClaimsPrincipal principal, IdentityDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return AddressBook.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (AddressRules.Check(request, errors) is not { } fields)
        {
            return Invalid(errors);
        }

        var updated = await db.InTransactionAsync(async ct =>
        {
            await AddressBook.LockAsync(db, userId, ct);
            var address = await db.Addresses.FirstOrDefaultAsync(a => a.Id == id && a.UserId == userId, ct);
            if (address is null)
            {
                return null;
            }

            address.Update(fields, clock.GetUtcNow());
            if (request.IsDefault == true && !address.IsDefault)
            {
                await ClearDefaultAsync(db, userId, ct);
                address.MakeDefault(true);
            }

            await db.SaveChangesAsync(ct);
            return address;
        }, cancellationToken);

        return updated is null ? AddressBook.NotFound() : TypedResults.Ok(AddressResponse.From(updated));
    }

    /// <summary>Before another address becomes the default (the unique index allows one at a time).</summary>
    private static Task<int> ClearDefaultAsync(IdentityDb db, Guid userId, CancellationToken cancellationToken) =>
        db.Addresses.Where(a => a.UserId == userId && a.IsDefault)
            .ExecuteUpdateAsync(setters => setters.SetProperty(a => a.IsDefault, false), cancellationToken);

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The address is not valid");
}
