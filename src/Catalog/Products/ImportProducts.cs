using System.Security.Claims;
using System.Text;
using System.Text.Unicode;
using Bazaar.Catalog.Categories;
using Bazaar.Catalog.Csv;
using Bazaar.Catalog.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Bazaar.Catalog.Products;

public static partial class ImportProducts
{
    /// <summary>The largest file taken (the contract's 10 MB); about 50,000 typical rows.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public static RouteGroupBuilder MapImportProducts(this RouteGroupBuilder group)
    {
        group.MapPost("/import", HandleAsync)
            .RequireAuthorization(CatalogPolicies.Editor)
            .Accepts<string>("text/csv")
            .WithName("ImportProducts")
            .WithSummary("Create or update products by sku from CSV (admin; a vendor only its own); bad rows are reported and skipped");
        return group;
    }

    internal static async Task<Results<Ok<ImportResult>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        ClaimsPrincipal principal,
        CatalogDb db,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported content type",
                detail: "Send the file as the request body with Content-Type: text/csv (UTF-8).");
        }

        // The whole file is read before any row is applied: one that turns out too large (or not
        // UTF-8) changes nothing. Ten megabytes held for the length of a request is affordable.
        var body = await ReadBodyAsync(http, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large",
                detail: $"A CSV import is at most {MaxBytes} bytes; split the file.");
        }

        if (!Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            return CsvProblem("file", "The file is not UTF-8 text; save it as CSV UTF-8.");
        }

        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvReader(text);
        var header = await csv.ReadAsync();
        if (header is null)
        {
            return CsvProblem("file", "The file is empty; its first line names the columns, such as sku,name,category,price.");
        }

        var columns = header.Fields.Select(f => f.Trim()).ToList();
        if (ReadHeader(header.Error, columns) is { } headerError)
        {
            return CsvProblem("header", headerError);
        }

        var import = new ProductImport(db, principal, new ImportCategories((await CategoryTree.LoadAsync(db, cancellationToken)).Nodes), clock.GetUtcNow());
        var chunk = new List<ProductImportRow>(ProductImport.ChunkSize);
        await foreach (var record in csv.ReadAllAsync())
        {
            chunk.Add(ProductImportRow.Read(record, columns));
            if (chunk.Count == ProductImport.ChunkSize)
            {
                await import.ApplyAsync(chunk, cancellationToken);
                chunk.Clear();
            }
        }

        await import.ApplyAsync(chunk, cancellationToken);
        var result = import.Result;
        LogImported(loggers.CreateLogger(typeof(ImportProducts)), result.Created, result.Updated, result.Unchanged, result.Failed.Count, principal.UserId());
        return TypedResults.Ok(result);
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxBytes"/> (said by Content-Length, or found reading).</summary>
    private static async Task<MemoryStream?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > MaxBytes)
        {
            return null;
        }

        // The service's body limit (1 MB, ServiceDefaults) is raised for this request only; one
        // byte past the import's limit is read to tell a file of exactly the limit from a longer one.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 1L;
        }

        var body = new MemoryStream((int)Math.Min(http.Request.ContentLength ?? 64 * 1024, MaxBytes + 1L));
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBytes)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        body.Position = 0;
        return body;
    }

    /// <summary>Null when the header names known columns, each once, sku among them; else what is wrong.</summary>
    private static string? ReadHeader(string? error, List<string> columns)
    {
        if (error is not null)
        {
            return error;
        }

        var unknown = columns.Where(f => !ProductCsv.Columns.Contains(f, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return $"Unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the columns are {string.Join(",", ProductCsv.Columns)} (names as written here).";
        }

        var repeated = columns.GroupBy(f => f, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            return $"Column(s) {string.Join(", ", repeated)} appear more than once.";
        }

        return columns.Contains(ProductCsv.Sku, StringComparer.Ordinal) ? null : "The sku column is required: rows are matched to products by sku.";
    }

    private static ValidationProblem CsvProblem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The CSV file cannot be imported");

    [LoggerMessage(Level = LogLevel.Information, Message = "CSV import by {UserId}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Failed} failed")]
    private static partial void LogImported(ILogger logger, int created, int updated, int unchanged, int failed, Guid? userId);
}
