using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

/// <summary>A row the import left alone, and why, by column.</summary>
public sealed record FailedRow(int Row, Dictionary<string, string[]> Errors);

/// <summary>What an import did: new products, changed ones, rows that already matched, and the rows refused.</summary>
public sealed record ImportResult(int Created, int Updated, int Unchanged, List<FailedRow> Failed);

/// <summary>
/// Applies imported rows a chunk at a time: the chunk's existing products are read in one query,
/// each row is checked by the same rules as POST and PUT (<see cref="ProductRules"/>) and
/// applied through the same code, with the same events (<see cref="CreateProduct.Add"/>,
/// <see cref="UpdateProduct.Apply"/>), and the chunk is saved at once. A row that would change
/// nothing is not written (no event, no new ETag), so importing a file twice updates nothing.
/// Each product created or changed is in the audit log, as when it is written through its route.
/// </summary>
internal sealed class ProductImport(CatalogDb db, ClaimsPrincipal principal, ImportCategories categories, DateTimeOffset now)
{
    /// <summary>Rows read, checked and saved together.</summary>
    public const int ChunkSize = 1000;

    /// <summary>What the product rules call a field, by the CSV column that holds it.</summary>
    private static readonly Dictionary<string, string> ColumnOf = new(StringComparer.Ordinal)
    {
        ["categoryId"] = ProductCsv.Category,
        ["initialStock"] = ProductCsv.Stock,
    };

    private readonly Dictionary<string, int> firstRowOfSku = new(StringComparer.Ordinal);
    private readonly List<FailedRow> failed = [];
    private readonly bool isAdmin = principal.IsInRole(Roles.Admin);
    private int created;
    private int updated;
    private int unchanged;

    public ImportResult Result => new(created, updated, unchanged, [.. failed.OrderBy(f => f.Row)]);

    public async Task ApplyAsync(IReadOnlyList<ProductImportRow> rows, CancellationToken cancellationToken)
    {
        var fresh = new List<ProductImportRow>(rows.Count);
        foreach (var row in rows)
        {
            // A record that could not be read claims no sku: the row that fixes it may follow.
            if (row.RecordErrors.Count == 0 && row.Sku.Length > 0 && !firstRowOfSku.TryAdd(row.Sku, row.Number))
            {
                Fail(row, ProductCsv.Sku, $"The sku {row.Sku} is already on row {firstRowOfSku[row.Sku]}; a file names each product once.");
            }
            else
            {
                fresh.Add(row);
            }
        }

        if (await TrySaveAsync(fresh, cancellationToken))
        {
            return;
        }

        // Someone else wrote one of these products (or took one of these skus) while the chunk was
        // checked: the chunk goes row by row, so that only the row that lost the race fails.
        foreach (var row in fresh)
        {
            if (!await TrySaveAsync([row], cancellationToken))
            {
                Fail(row, ProductCsv.Sku, "The product was changed by someone else during the import; import the row again.");
            }
        }
    }

    /// <summary>Checks and saves the rows; false, with nothing saved or counted, when saving failed.</summary>
    private async Task<bool> TrySaveAsync(IReadOnlyList<ProductImportRow> rows, CancellationToken cancellationToken)
    {
        var skus = rows.Select(r => r.Sku).Where(s => s.Length > 0).ToList();
        var existing = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, cancellationToken);
        var outcome = (created: 0, updated: 0, unchanged: 0, failed: new List<FailedRow>());
        foreach (var row in rows)
        {
            existing.TryGetValue(row.Sku, out var product);
            var errors = Check(row, product, out var fields, out var stock, out var owner);
            if (errors.Count > 0)
            {
                outcome.failed.Add(new FailedRow(row.Number, errors));
            }
            else if (product is null)
            {
                var added = CreateProduct.Add(db, fields!, owner, stock ?? 0, now);
                db.Audit(principal, ProductAudit.Entity, added.Id, "created", null, ProductAudit.Of(added));
                outcome.created++;
            }
            else if (product.Has(fields!))
            {
                outcome.unchanged++;
            }
            else
            {
                var before = ProductAudit.Of(product);
                UpdateProduct.Apply(db, product, fields!, now);
                db.Audit(principal, ProductAudit.Entity, product.Id, "updated", before, ProductAudit.Of(product));
                outcome.updated++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            // Saved or not, the chunk's products are done with: the next chunk starts light.
            db.ChangeTracker.Clear();
        }

        created += outcome.created;
        updated += outcome.updated;
        unchanged += outcome.unchanged;
        failed.AddRange(outcome.failed);
        return true;
    }

    private Dictionary<string, string[]> Check(ProductImportRow row, Product? product, out ProductFields? fields, out int? stock, out Guid? owner)
    {
        fields = null;
        stock = null;
        owner = null;
        var errors = new Dictionary<string, string[]>(row.RecordErrors, StringComparer.Ordinal);
        if (errors.Count > 0)
        {
            return errors;
        }

        if (product is not null && !principal.MayEdit(product))
        {
            errors[ProductCsv.Sku] = ["Another vendor's product has this sku; a vendor imports only its own products."];
            return errors;
        }

        if (product is { ArchivedAt: not null })
        {
            errors[ProductCsv.Sku] = ["This sku belongs to an archived product, which can no longer be changed."];
            return errors;
        }

        var input = row.Input(product, categories, errors);
        var ruleErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        fields = ProductRules.Check(input, ruleErrors, categories.Exists);
        if (product is null)
        {
            stock = row.Stock(errors);
            ProductRules.CheckInitialStock(stock, ruleErrors);
            owner = isAdmin ? row.VendorId(errors) : principal.UserId();
        }

        // A cell that could not be read says so; the rule about its emptiness would only repeat it.
        foreach (var (field, messages) in ruleErrors)
        {
            errors.TryAdd(ColumnOf.GetValueOrDefault(field, field), messages);
        }

        return errors;
    }

    private void Fail(ProductImportRow row, string column, string message) =>
        failed.Add(new FailedRow(row.Number, new Dictionary<string, string[]>(StringComparer.Ordinal) { [column] = [message] }));
}
