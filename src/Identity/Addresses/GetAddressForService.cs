using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Addresses;

/// <summary>
/// For Ordering (an order placed with <c>shippingAddressId</c> copies the address): one address of
/// one user, with a service token. Not routed by the gateway.
/// </summary>
public static class GetAddressForService
{
    public static RouteGroupBuilder MapGetAddressForService(this RouteGroupBuilder group)
    {
        group.MapGet("/{userId:guid}/addresses/{addressId:guid}", HandleAsync)
            .RequireAuthorization(Policies.Service)
            .WithName("GetAddressForService")
            .WithSummary("A user's address by id, 404 when it is not theirs (service token)");
        return group;
    }

    internal static async Task<Results<Ok<AddressResponse>, ProblemHttpResult>> HandleAsync(
        Guid userId, Guid addressId, IdentityDb db, CancellationToken cancellationToken)
    {
        var address = await db.Addresses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == addressId && a.UserId == userId, cancellationToken);
        return address is null ? AddressBook.NotFound() : TypedResults.Ok(AddressResponse.From(address));
    }
}
