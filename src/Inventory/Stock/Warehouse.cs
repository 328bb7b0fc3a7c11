namespace Bazaar.Inventory.Stock;

/// <summary>A place that holds stock. One is the default: new products and unnamed PUTs go there.</summary>
public sealed class Warehouse
{
    /// <summary>Fixed so that the migration can seed it and every instance agrees on it.</summary>
    public static readonly Guid DefaultId = new("0196f2a0-0000-7000-8000-000000000001");

    public const string DefaultName = "Main warehouse";

    public const int MaxNameLength = 100;

    private Warehouse()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public bool IsDefault { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
