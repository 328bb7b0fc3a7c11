using Bazaar.Contracts;
using Bazaar.Inventory.Reservations;
using Bazaar.Inventory.Stock;

namespace Bazaar.Inventory.Tests.Reservations;

/// <summary>The reservation's state machine, without a database.</summary>
public sealed class ReservationTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private static readonly Guid Product = Guid.NewGuid();

    private static Reservation New() =>
        Reservation.Create(Guid.NewGuid(), [new Allocation(Product, Warehouse.DefaultId, 2), new Allocation(Product, Guid.NewGuid(), 1)], Now, TimeSpan.FromMinutes(15));

    [Fact]
    public void Create_IsReservedUntilTheTtlAndReportsItemsPerProduct()
    {
        var reservation = New();

        Assert.Equal(ReservationStatus.Reserved, reservation.Status);
        Assert.Equal(Now.AddMinutes(15), reservation.ExpiresAt);
        Assert.Equal([new StockLine(Product, 3)], reservation.Items);
        Assert.True(reservation.Holds([new StockLine(Product, 1), new StockLine(Product, 2)]));
        Assert.False(reservation.Holds([new StockLine(Product, 4)]));
    }

    [Fact]
    public void Release_FromReserved_OnlyOnce()
    {
        var reservation = New();

        Assert.True(reservation.Release(Now));
        Assert.False(reservation.Release(Now));
        Assert.False(reservation.Expire(Now));
        Assert.Equal(ReservationStatus.Released, reservation.Status);
    }

    [Fact]
    public void Sell_ThenReturn_ThenNothingElse()
    {
        var reservation = New();

        Assert.True(reservation.Sell(Now));
        Assert.False(reservation.Sell(Now));
        Assert.False(reservation.Release(Now));
        Assert.True(reservation.Return(Now));
        Assert.False(reservation.Return(Now));
        Assert.Equal(ReservationStatus.Returned, reservation.Status);
    }

    [Fact]
    public void Sell_AfterExpiry_IsAllowedForALatePayment()
    {
        var reservation = New();
        reservation.Expire(Now);

        Assert.True(reservation.IsExpired);
        Assert.True(reservation.Sell(Now));
    }

    [Fact]
    public void Sell_AfterCancellation_IsRefusedEvenWhenTheCancellationCameAfterExpiry()
    {
        var released = New();
        var expiredThenCancelled = New();
        released.Release(Now);
        expiredThenCancelled.Expire(Now);

        Assert.True(expiredThenCancelled.Release(Now));
        Assert.False(released.Sell(Now));
        Assert.False(expiredThenCancelled.Sell(Now));
    }

    [Fact]
    public void Return_OfAnUnsoldReservation_IsRefused()
    {
        Assert.False(New().Return(Now));
    }
}
