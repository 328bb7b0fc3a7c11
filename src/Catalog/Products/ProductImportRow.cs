using Bazaar.Catalog.Csv;

namespace Bazaar.Catalog.Products;

/// <summary>
/// One data row of an imported CSV, read against the header. A column the file leaves out keeps
/// the product's current value (a file of <c>sku,price</c> changes prices only); a column present
/// with an empty cell means what an empty or missing field means to POST and PUT.
/// </summary>
internal sealed class ProductImportRow
{
    private readonly Dictionary<string, string> cells;
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    private ProductImportRow(int number, Dictionary<string, string> cells)
    {
        Number = number;
        this.cells = cells;
        Sku = cells.GetValueOrDefault(ProductCsv.Sku, "").Trim().ToUpperInvariant();
    }

    /// <summary>1 for the first row after the header.</summary>
    public int Number { get; }

    /// <summary>Normalized as the product rules store it (trimmed, upper case).</summary>
    public string Sku { get; }

    /// <summary>The errors of the row as a record (its quoting, its number of fields).</summary>
    public IReadOnlyDictionary<string, string[]> RecordErrors => errors;

    /// <param name="columns">The header's column names, in order.</param>
    public static ProductImportRow Read(CsvRecord record, IReadOnlyList<string> columns)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count && i < record.Fields.Count; i++)
        {
            cells[columns[i]] = record.Fields[i];
        }

        var row = new ProductImportRow(record.Number - 1, cells);
        if (record.Error is not null)
        {
            row.errors["record"] = [record.Error];
        }
        else if (record.Fields.Count != columns.Count)
        {
            row.errors["record"] = [$"The row has {record.Fields.Count} fields; the header has {columns.Count}."];
        }

        return row;
    }

    /// <summary>
    /// What the row asks of the product (<paramref name="existing"/>, or null for a new one), as
    /// the input of the product routes; cells that cannot be read are added to <paramref name="found"/>.
    /// </summary>
    public UpdateProduct.Request Input(Product? existing, ImportCategories categories, Dictionary<string, string[]> found)
    {
        Guid? categoryId = existing?.CategoryId;
        if (cells.TryGetValue(ProductCsv.Category, out var category))
        {
            categoryId = category.Trim() is { Length: > 0 } named ? categories.Find(named) : null;
            if (categoryId is null && category.Trim().Length > 0)
            {
                found[ProductCsv.Category] = ["There is no such category (give its slug or id)."];
            }
        }

        decimal? price = existing?.Price;
        if (cells.TryGetValue(ProductCsv.Price, out var priceCell))
        {
            price = ProductCsv.TryReadMoney(priceCell.Trim(), out var value) ? value : null;
            if (price is null && priceCell.Trim().Length > 0)
            {
                found[ProductCsv.Price] = ["Price must be a number such as 12.50."];
            }
        }

        return new UpdateProduct.Request(
            Sku,
            Text(ProductCsv.Name, existing?.Name),
            Text(ProductCsv.Description, existing?.Description),
            categoryId,
            price,
            cells.TryGetValue(ProductCsv.Currency, out var currency) ? Blank(currency) : existing?.Currency,
            List(ProductCsv.Tags, existing?.Tags, found),
            List(ProductCsv.Images, existing?.Images, found),
            Map(existing?.Attributes, found),
            cells.TryGetValue(ProductCsv.TaxClass, out var taxClass) ? Blank(taxClass) : null);
    }

    /// <summary>The stock a new product starts with; null when the column is absent or empty.</summary>
    public int? Stock(Dictionary<string, string[]> found) =>
        Parsed(ProductCsv.Stock, found, (string cell, out int value) => ProductCsv.TryReadCount(cell, out value), "Stock must be a whole number.");

    /// <summary>The owner an admin names for a new product; null when the column is absent or empty.</summary>
    public Guid? VendorId(Dictionary<string, string[]> found) =>
        Parsed(ProductCsv.VendorId, found, (string cell, out Guid value) => Guid.TryParse(cell, out value), "VendorId must be a vendor's id (a UUID).");

    private delegate bool Parse<T>(string cell, out T value);

    private T? Parsed<T>(string column, Dictionary<string, string[]> found, Parse<T> parse, string error)
        where T : struct
    {
        if (!cells.TryGetValue(column, out var cell) || cell.Trim().Length == 0)
        {
            return null;
        }

        if (parse(cell.Trim(), out var value))
        {
            return value;
        }

        found[column] = [error];
        return null;
    }

    private string? Text(string column, string? current) =>
        cells.TryGetValue(column, out var cell) ? ProductCsv.Untext(cell) : current;

    private List<string>? List(string column, List<string>? current, Dictionary<string, string[]> found)
    {
        if (!cells.TryGetValue(column, out var cell))
        {
            return current;
        }

        var items = ProductCsv.ReadList(ProductCsv.Untext(cell.Trim()));
        if (items is null)
        {
            found[column] = ["Items separated by '|', or a JSON array of strings."];
        }

        return items;
    }

    private Dictionary<string, string>? Map(Dictionary<string, string>? current, Dictionary<string, string[]> found)
    {
        if (!cells.TryGetValue(ProductCsv.Attributes, out var cell))
        {
            return current;
        }

        var attributes = ProductCsv.ReadMap(cell.Trim());
        if (attributes is null)
        {
            found[ProductCsv.Attributes] = ["Attributes must be a JSON object of strings, such as {\"color\":\"red\"}."];
        }

        return attributes;
    }

    private static string? Blank(string cell) => cell.Trim().Length == 0 ? null : cell;
}

/// <summary>The categories an import names, read once: by slug (any case) or id.</summary>
internal sealed class ImportCategories(IReadOnlyList<Categories.CategoryTree.Node> nodes)
{
    private readonly Dictionary<string, Guid> bySlug = nodes.ToDictionary(n => n.Slug, n => n.Id, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<Guid> ids = [.. nodes.Select(n => n.Id)];

    public Guid? Find(string slugOrId) =>
        Guid.TryParse(slugOrId, out var id) ? (ids.Contains(id) ? id : null) : bySlug.TryGetValue(slugOrId, out var found) ? found : null;

    public bool Exists(Guid id) => ids.Contains(id);
}
