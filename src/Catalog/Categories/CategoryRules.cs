using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bazaar.Catalog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Catalog.Categories;

/// <param name="Slug">Optional: derived from the name when left out.</param>
public sealed record CategoryRequest(string? Name, string? Slug, Guid? ParentId);

public sealed record CategoryResponse(Guid Id, string Name, string Slug, Guid? ParentId, int ProductCount);

public static partial class CategoryRules
{
    public const int MaxNameLength = 100;
    public const int MaxSlugLength = 80;

    /// <summary>Name, slug and parent, checked and normalized; null with <paramref name="errors"/> filled when not valid.</summary>
    public static async Task<(string Name, string Slug, Guid? ParentId)?> CheckAsync(
        CategoryRequest request, CatalogDb db, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"Name is required: at most {MaxNameLength} characters, no control characters."];
        }

        var slug = string.IsNullOrWhiteSpace(request.Slug) ? Slugify(name ?? "") : request.Slug.Trim();
        if (slug.Length is 0 or > MaxSlugLength || !SlugPattern().IsMatch(slug))
        {
            errors["slug"] = [$"Slug must be 1 to {MaxSlugLength} lower-case letters, digits and single dashes (it is made from the name when left out)."];
        }

        if (request.ParentId is { } parentId && !await db.Categories.AnyAsync(c => c.Id == parentId && c.DeletedAt == null, cancellationToken))
        {
            errors["parentId"] = ["There is no such parent category."];
        }

        return errors.Count > 0 ? null : (name!, slug, request.ParentId);
    }

    /// <summary>"Home &amp; Kitchen" → "home-kitchen"; accents are dropped ("Café" → "cafe").</summary>
    public static string Slugify(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > MaxSlugLength ? slug[..MaxSlugLength].Trim('-') : slug;
    }

    public static bool IsSlugTaken(Exception exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_categories_slug" };

    public static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Category not found", detail: "There is no such category.");

    public static ProblemHttpResult SlugTaken(string slug) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "Slug already used", detail: $"Another category already has the slug {slug}.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
