using Bazaar.Inventory.Stock;

namespace Bazaar.Inventory.Tests.Stock;

/// <summary>Levels, status, the low-stock crossing rule and the stock item's guards, without a database.</summary>
public sealed class StockLevelsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData(10, 0, 3, "in_stock")]
    [InlineData(10, 7, 3, "low_stock")]
    [InlineData(10, 10, 3, "out_of_stock")]
    [InlineData(0, 0, 0, "out_of_stock")]
    public void Status_FollowsAvailableAgainstThreshold(int onHand, int reserved, int threshold, string expected)
    {
        Assert.Equal(expected, new StockLevels(onHand, reserved, threshold).StatusName);
    }

    [Fact]
    public void Evaluate_FallingToThreshold_RaisesOnceThenStaysQuietUntilItRisesAbove()
    {
        Assert.Equal(LowStockChange.Raise, new StockLevels(10, 7, 3).Evaluate(flagged: false));
        Assert.Equal(LowStockChange.None, new StockLevels(10, 9, 3).Evaluate(flagged: true));
        Assert.Equal(LowStockChange.Clear, new StockLevels(10, 6, 3).Evaluate(flagged: true));
        Assert.Equal(LowStockChange.None, new StockLevels(10, 0, 3).Evaluate(flagged: false));
    }

    [Fact]
    public void Of_SumsWarehouses()
    {
        var levels = StockLevels.Of([StockItem.Create(Guid.Empty, Guid.Empty, 4, 1, Now), StockItem.Create(Guid.Empty, Guid.NewGuid(), 6, 2, Now)]);

        Assert.Equal(new StockLevels(10, 0, 3), levels);
    }

    [Fact]
    public void StockItem_ReserveBeyondAvailable_Throws()
    {
        var item = StockItem.Create(Guid.NewGuid(), Warehouse.DefaultId, 2, 0, Now);
        item.Reserve(2, Now);

        Assert.Throws<InvalidOperationException>(() => item.Reserve(1, Now));
        Assert.Equal(0, item.Available);
    }

    [Fact]
    public void StockItem_SellReserved_LowersOnHandAndReservedTogether()
    {
        var item = StockItem.Create(Guid.NewGuid(), Warehouse.DefaultId, 5, 0, Now);
        item.Reserve(3, Now);

        item.SellReserved(2, Now);

        Assert.Equal((3, 1, 2), (item.OnHand, item.Reserved, item.Available));
        Assert.Throws<InvalidOperationException>(() => item.SellReserved(2, Now));
    }

    [Fact]
    public void StockItem_SetOnHandBelowReserved_IsRefused()
    {
        var item = StockItem.Create(Guid.NewGuid(), Warehouse.DefaultId, 5, 0, Now);
        item.Reserve(4, Now);

        Assert.False(item.TrySetOnHand(3, Now));
        Assert.True(item.TrySetOnHand(4, Now));
        Assert.Equal(0, item.Available);
    }
}
