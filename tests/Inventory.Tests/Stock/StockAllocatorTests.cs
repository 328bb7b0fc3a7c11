using Bazaar.Contracts;
using Bazaar.Inventory.Stock;

namespace Bazaar.Inventory.Tests.Stock;

/// <summary>The reservation arithmetic, without a database.</summary>
public sealed class StockAllocatorTests
{
    private static readonly Guid Main = Warehouse.DefaultId;
    private static readonly Guid Other = new("00000000-0000-0000-0000-0000000000ff");
    private static readonly Guid A = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = new("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void Allocate_EnoughOfEveryLine_TakesExactlyWhatWasAsked()
    {
        var result = StockAllocator.Allocate(
            [new StockLine(B, 2), new StockLine(A, 3)],
            [new StockSnapshot(A, Main, 10, 4), new StockSnapshot(B, Main, 2, 0)],
            Main);

        Assert.True(result.Succeeded);
        Assert.Equal([new Allocation(A, Main, 3), new Allocation(B, Main, 2)], result.Allocations);
    }

    [Fact]
    public void Allocate_OneLineShort_AllocatesNothingAndListsEveryShortage()
    {
        var result = StockAllocator.Allocate(
            [new StockLine(A, 1), new StockLine(B, 5)],
            [new StockSnapshot(A, Main, 10, 0), new StockSnapshot(B, Main, 6, 3)],
            Main);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Allocations);
        Assert.Equal([new Shortage(B, 5, 3)], result.Shortages);
    }

    [Fact]
    public void Allocate_UnknownProduct_IsShortWithNothingAvailable()
    {
        var result = StockAllocator.Allocate([new StockLine(A, 1)], [], Main);

        Assert.Equal([new Shortage(A, 1, 0)], result.Shortages);
    }

    [Fact]
    public void Allocate_ReservedUnitsAreNotAvailable()
    {
        var result = StockAllocator.Allocate([new StockLine(A, 1)], [new StockSnapshot(A, Main, 5, 5)], Main);

        Assert.Equal([new Shortage(A, 1, 0)], result.Shortages);
    }

    [Fact]
    public void Allocate_PreferredWarehouseShort_TakesTheRestFromAnother()
    {
        var result = StockAllocator.Allocate(
            [new StockLine(A, 5)],
            [new StockSnapshot(A, Other, 10, 0), new StockSnapshot(A, Main, 3, 1)],
            Main);

        Assert.Equal([new Allocation(A, Main, 2), new Allocation(A, Other, 3)], result.Allocations);
    }

    [Fact]
    public void Normalize_RepeatedProducts_AreSummedInProductOrderAndEmptyLinesDropped()
    {
        var lines = StockAllocator.Normalize([new StockLine(B, 1), new StockLine(A, 2), new StockLine(B, 3), new StockLine(A, 0)]);

        Assert.Equal([new StockLine(A, 2), new StockLine(B, 4)], lines);
    }

    [Fact]
    public void Allocate_RepeatedProductBeyondStock_IsShortForTheSum()
    {
        var result = StockAllocator.Allocate([new StockLine(A, 3), new StockLine(A, 3)], [new StockSnapshot(A, Main, 5, 0)], Main);

        Assert.Equal([new Shortage(A, 6, 5)], result.Shortages);
    }
}
