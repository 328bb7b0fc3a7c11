using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Bazaar.Catalog.Products;

/// <summary>
/// The columns of the product CSV and how each cell reads and writes; export and import share
/// them, so an exported file imports back unchanged.
/// </summary>
public static class ProductCsv
{
    public const string Sku = "sku";
    public const string Name = "name";
    public const string Description = "description";
    public const string Category = "category";
    public const string Price = "price";
    public const string Currency = "currency";
    public const string TaxClass = "taxClass";
    public const string Tags = "tags";
    public const string Images = "images";
    public const string Attributes = "attributes";
    public const string VendorId = "vendorId";

    /// <summary>Units available as Inventory last reported them; on import, the initial stock of a new product.</summary>
    public const string Stock = "stock";

    /// <summary>Exported for reading; ignored on import (Inventory decides it).</summary>
    public const string StockStatus = "stockStatus";

    public static readonly IReadOnlyList<string> Columns =
        [Sku, Name, Description, Category, Price, Currency, TaxClass, Tags, Images, Attributes, VendorId, Stock, StockStatus];

    /// <summary>Leading characters that make a spreadsheet read a cell as a formula (CSV injection).</summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    private static readonly SearchValues<char> ListSeparators = SearchValues.Create("|");

    /// <summary>
    /// A text cell as written: a value a spreadsheet would run as a formula gets a leading
    /// apostrophe (which spreadsheets hide), and <see cref="Untext"/> takes it off again.
    /// </summary>
    public static string Text(string value) => NeedsApostrophe(value) ? "'" + value : value;

    public static string Untext(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && (FormulaStarts.Contains(cell[1]) || cell[1] == '\'') ? cell[1..] : cell;

    /// <summary>Items joined by '|'; as a JSON array when an item holds a '|' or the first starts with '['.</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Any(i => i.AsSpan().ContainsAny(ListSeparators)) || (items.Count > 0 && items[0].StartsWith('['))
            ? JsonSerializer.Serialize(items)
            : string.Join('|', items);

    /// <summary>Reads a list cell (see <see cref="List"/>); null when it is a JSON array that does not parse.</summary>
    public static List<string>? ReadList(string cell)
    {
        if (cell.Length == 0)
        {
            return [];
        }

        if (!cell.StartsWith('['))
        {
            return [.. cell.Split('|')];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(cell);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Attributes as a JSON object; empty when there are none.</summary>
    public static string Map(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Count == 0 ? "" : JsonSerializer.Serialize(attributes);

    /// <summary>Reads an attributes cell; null when it is not a JSON object of strings.</summary>
    public static Dictionary<string, string>? ReadMap(string cell)
    {
        if (cell.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(cell);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static bool TryReadMoney(string cell, out decimal value) =>
        decimal.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    public static bool TryReadCount(string cell, out int value) =>
        int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool NeedsApostrophe(string value) =>
        value.Length > 0 && (FormulaStarts.Contains(value[0]) || (value[0] == '\'' && value.Length > 1 && (FormulaStarts.Contains(value[1]) || value[1] == '\'')));
}
