using System.Globalization;
using System.Security.Claims;
using System.Text;
using Bazaar.Catalog.Csv;
using Bazaar.Catalog.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

public static partial class ExportProducts
{
    /// <summary>
    /// Rows read per query. The context's retrying execution strategy makes EF Core buffer a
    /// query's whole result before the first row (so that a retry cannot repeat rows already
    /// handed out): one query over every product would hold them all. Pages by sku keep that
    /// buffer to one page, and each page is written out before the next is read.
    /// </summary>
    internal const int PageSize = 1000;

    public static RouteGroupBuilder MapExportProducts(this RouteGroupBuilder group)
    {
        group.MapGet("/export", Handle)
            .RequireAuthorization(CatalogPolicies.Editor)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("ExportProducts")
            .WithSummary("Every product as CSV, streamed (admin: all; vendor: its own); archived products are left out");
        return group;
    }

    internal static PushStreamHttpResult Handle(ClaimsPrincipal principal, CatalogDb db, ILoggerFactory loggers, HttpContext http)
    {
        // A vendor without an id (never issued) would own nothing, not everything.
        Guid? vendor = principal.IsInRole(Roles.Admin) ? null : principal.UserId() ?? Guid.Empty;
        var logger = loggers.CreateLogger(typeof(ExportProducts));
        return TypedResults.Stream(
            body => WriteAsync(db, vendor, body, logger, http.RequestAborted),
            "text/csv; charset=utf-8",
            "products.csv");
    }

    private static async Task WriteAsync(CatalogDb db, Guid? vendor, Stream body, ILogger logger, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        // Rows are written to a page's buffer, then to the body asynchronously: the response allows no synchronous writes.
        var page = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(page);
        csv.Record(ProductCsv.Columns);

        var count = 0;
        string? after = null;
        while (true)
        {
            var rows = 0;
            await foreach (var row in Page(db, vendor, after).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                Write(csv, row);
                after = row.Sku;
                rows++;
            }

            // Each page reaches the client before the next is read: memory stays one page deep.
            await text.WriteAsync(page.GetStringBuilder(), cancellationToken);
            await text.FlushAsync(cancellationToken);
            page.GetStringBuilder().Clear();
            count += rows;
            if (rows < PageSize)
            {
                break;
            }
        }

        LogExported(logger, count, vendor);
    }

    private static IQueryable<ExportRow> Page(CatalogDb db, Guid? vendor, string? after)
    {
        var products = db.Products.AsNoTracking().Where(p => p.ArchivedAt == null);
        if (vendor is not null)
        {
            products = products.Where(p => p.VendorId == vendor);
        }

        if (after is not null)
        {
            products = products.Where(p => string.Compare(p.Sku, after) > 0);
        }

        return products
            .OrderBy(p => p.Sku)
            .Take(PageSize)
            .Select(p => new ExportRow(
                p.Sku, p.Name, p.Description, p.Category.Slug, p.Price, p.Currency, p.TaxClass, p.Tags, p.Images, p.Attributes,
                p.VendorId, p.Available, p.StockStatus));
    }

    private static void Write(CsvWriter csv, ExportRow row)
    {
        csv.Field(row.Sku);
        csv.Field(ProductCsv.Text(row.Name));
        csv.Field(ProductCsv.Text(row.Description));
        csv.Field(row.CategorySlug);
        csv.Field(ProductCsv.Money(row.Price));
        csv.Field(row.Currency);
        csv.Field(row.TaxClass);
        csv.Field(ProductCsv.Text(ProductCsv.List(row.Tags)));
        csv.Field(ProductCsv.List(row.Images));
        csv.Field(ProductCsv.Map(row.Attributes));
        csv.Field(row.VendorId?.ToString());
        csv.Field(row.Available?.ToString(CultureInfo.InvariantCulture));
        csv.Field(Product.ToWire(row.StockStatus));
        csv.EndRecord();
    }

    private sealed record ExportRow(
        string Sku,
        string Name,
        string Description,
        string CategorySlug,
        decimal Price,
        string Currency,
        string TaxClass,
        List<string> Tags,
        List<string> Images,
        Dictionary<string, string> Attributes,
        Guid? VendorId,
        int? Available,
        StockStatus StockStatus);

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Count} products as CSV (vendor {VendorId})")]
    private static partial void LogExported(ILogger logger, int count, Guid? vendorId);
}
