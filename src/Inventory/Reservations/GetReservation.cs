using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.Inventory.Reservations;

public static class GetReservation
{
    public static RouteGroupBuilder MapGetReservation(this RouteGroupBuilder group)
    {
        group.MapGet("/reservations/{orderId:guid}", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("GetReservation")
            .WithSummary("The stock reservation of an order (admin)");
        return group;
    }

    internal static async Task<Results<Ok<ReserveStock.ReservationResponse>, ProblemHttpResult>> HandleAsync(
        Guid orderId, StockReservations reservations, CancellationToken cancellationToken) =>
        await reservations.FindAsync(orderId, cancellationToken) is { } reservation
            ? TypedResults.Ok(ReserveStock.ReservationResponse.From(reservation))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Reservation not found", detail: $"Order {orderId} has no stock reservation.");
}
