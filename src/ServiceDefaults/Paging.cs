using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bazaar.ServiceDefaults;

/// <summary>The contract's list shape: <c>{ items, page, pageSize, totalCount, totalPages }</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount, int TotalPages)
{
    public static PagedList<T> Create(IReadOnlyList<T> items, PageRequest request, int totalCount) =>
        new(items, request.Page, request.PageSize, totalCount, (int)Math.Ceiling(totalCount / (double)request.PageSize));
}

/// <summary>
/// <c>?page=1&amp;pageSize=20</c>, checked the same way by every list route: page from 1 (to
/// <see cref="int.MaxValue"/>), pageSize from 1 to <see cref="MaxPageSize"/>, anything else a 400
/// validation problem naming the field. A page past the last is a 200 with no items, however far
/// past: nothing a client can send makes the offset overflow. Values that are not whole numbers
/// (<c>page=abc</c>, <c>page=99999999999</c>) never get here: binding refuses them with a 400 naming
/// the field (<see cref="ProblemResponses"/>).
/// </summary>
public readonly record struct PageRequest
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const string InvalidTitle = "The paging is not valid";

    private PageRequest(int page, int pageSize)
    {
        Page = page;
        PageSize = pageSize;
    }

    public int Page { get; }

    public int PageSize { get; }

    /// <summary>The rows before this page; a long, since (page - 1) * pageSize passes int's range from page 21,474,837 of 100.</summary>
    public long Offset => (Page - 1L) * PageSize;

    /// <summary>
    /// <see cref="Offset"/> for LINQ's <c>Skip(int)</c>, held at <see cref="int.MaxValue"/>: a list
    /// counted in an int ends before it, so the page comes back empty, as a page past the end should.
    /// </summary>
    public int Skip => (int)Math.Min(Offset, int.MaxValue);

    /// <summary>Whether a list of <paramref name="totalCount"/> items ends before this page (its query can be skipped).</summary>
    public bool IsPastEnd(int totalCount) => Offset >= totalCount;

    /// <summary>Checks page and pageSize, adding what is wrong to <paramref name="errors"/> (for routes that check more fields).</summary>
    /// <returns>The request; page 1 and the default size stand in for wrong values.</returns>
    public static PageRequest Read(int? page, int? pageSize, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (page is < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be from 1 to {MaxPageSize}."];
        }

        return new PageRequest(
            page is >= 1 ? page.Value : 1,
            pageSize is >= 1 and <= MaxPageSize ? pageSize.Value : DefaultPageSize);
    }

    /// <summary>Checks page and pageSize; on failure <paramref name="problem"/> is the 400 to answer.</summary>
    public static bool TryRead(
        int? page, int? pageSize, out PageRequest request, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        request = Read(page, pageSize, errors);
        problem = errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: InvalidTitle) : null;
        return problem is null;
    }
}
