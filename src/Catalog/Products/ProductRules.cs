using System.Text.RegularExpressions;
using Bazaar.Catalog.Data;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

/// <summary>What a client sends to create or change a product; every field optional so that each missing one is reported.</summary>
public interface IProductInput
{
    string? Sku { get; }

    string? Name { get; }

    string? Description { get; }

    Guid? CategoryId { get; }

    decimal? Price { get; }

    string? Currency { get; }

    List<string>? Tags { get; }

    List<string>? Images { get; }

    Dictionary<string, string>? Attributes { get; }

    /// <summary>standard, reduced or zero; left out: standard for a new product, unchanged on an update.</summary>
    string? TaxClass { get; }
}

/// <summary>The shape rules of a product, checked at the edge before anything is stored.</summary>
public static partial class ProductRules
{
    public const int MaxSkuLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 5000;
    public const decimal MaxPrice = 1_000_000m;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxImages = 10;
    public const int MaxImageUrlLength = 500;
    public const int MaxAttributes = 30;
    public const int MaxAttributeKeyLength = 50;
    public const int MaxAttributeValueLength = 200;
    public const int MaxInitialStock = 1_000_000;

    /// <summary>Checks the input and the category's existence; the fields when valid, else null with <paramref name="errors"/> filled.</summary>
    public static async Task<ProductFields?> CheckAsync(IProductInput input, CatalogDb db, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var categoryExists = input.CategoryId is { } id && id != Guid.Empty
            && await db.Categories.AnyAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
        return Check(input, errors, _ => categoryExists);
    }

    /// <summary>
    /// The same rules with the category's existence answered by the caller: a CSV import checks
    /// thousands of rows against the categories it read once.
    /// </summary>
    public static ProductFields? Check(IProductInput input, Dictionary<string, string[]> errors, Func<Guid, bool> categoryExists)
    {
        var sku = input.Sku?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(sku) || sku.Length > MaxSkuLength || !SkuPattern().IsMatch(sku))
        {
            errors["sku"] = [$"Sku is required: 1 to {MaxSkuLength} letters, digits, '-', '_' or '.'."];
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"Name is required: at most {MaxNameLength} characters, no control characters."];
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > MaxDescriptionLength || description.Contains('\0', StringComparison.Ordinal))
        {
            errors["description"] = [$"Description must be at most {MaxDescriptionLength} characters."];
        }

        if (input.Price is not { } price || price < 0 || price > MaxPrice || decimal.Round(price, 2) != price)
        {
            errors["price"] = [$"Price is required: from 0 to {MaxPrice}, at most 2 decimals."];
        }

        var currency = input.Currency?.Trim().ToUpperInvariant() ?? "USD";
        if (!CurrencyPattern().IsMatch(currency))
        {
            errors["currency"] = ["Currency must be an ISO 4217 code such as USD."];
        }

        var tags = (input.Tags ?? []).Select(t => t?.Trim().ToLowerInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > MaxTags || tags.Any(t => t.Length == 0 || t.Length > MaxTagLength || t.Any(char.IsControl)))
        {
            errors["tags"] = [$"At most {MaxTags} tags of 1 to {MaxTagLength} characters."];
        }

        var images = (input.Images ?? []).Select(i => i?.Trim() ?? "").ToList();
        if (images.Count > MaxImages || images.Any(i => !IsImageUrl(i)))
        {
            errors["images"] = [$"At most {MaxImages} absolute http(s) URLs of at most {MaxImageUrlLength} characters."];
        }

        var attributes = input.Attributes ?? [];
        if (attributes.Count > MaxAttributes || attributes.Any(a => !IsAttribute(a.Key, a.Value))
            || attributes.Keys.Select(k => k.Trim()).Distinct(StringComparer.Ordinal).Count() != attributes.Count)
        {
            errors["attributes"] = [$"At most {MaxAttributes} attributes; keys 1 to {MaxAttributeKeyLength} characters, values at most {MaxAttributeValueLength}."];
        }

        var taxClass = input.TaxClass?.Trim().ToLowerInvariant();
        if (taxClass is not null && !TaxClasses.All.Contains(taxClass))
        {
            errors["taxClass"] = [$"TaxClass, when given, must be one of {string.Join(", ", TaxClasses.All)}."];
        }

        if (input.CategoryId is not { } categoryId || categoryId == Guid.Empty)
        {
            errors["categoryId"] = ["CategoryId is required."];
        }
        else if (!categoryExists(categoryId))
        {
            errors["categoryId"] = ["There is no such category."];
        }

        return errors.Count > 0
            ? null
            : new ProductFields(
                sku!, name!, description, input.CategoryId!.Value, input.Price!.Value, currency, tags, images,
                attributes.ToDictionary(a => a.Key.Trim(), a => a.Value.Trim(), StringComparer.Ordinal),
                taxClass);
    }

    /// <summary>The stock a new product starts with (Inventory receives it in ProductCreated).</summary>
    public static void CheckInitialStock(int? initialStock, Dictionary<string, string[]> errors)
    {
        if (initialStock is < 0 or > MaxInitialStock)
        {
            errors["initialStock"] = [$"InitialStock must be from 0 to {MaxInitialStock}."];
        }
    }

    private static bool IsImageUrl(string url) =>
        url.Length is > 0 and <= MaxImageUrlLength
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool IsAttribute(string? key, string? value) =>
        key is not null && value is not null
        && key.Trim().Length is > 0 and <= MaxAttributeKeyLength
        && value.Trim().Length <= MaxAttributeValueLength
        && !key.Any(char.IsControl) && !value.Contains('\0', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9._-]*$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
