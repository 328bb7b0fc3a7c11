namespace Bazaar.ServiceDefaults;

/// <summary>The contract's list shape: <c>{ items, page, pageSize, totalCount, totalPages }</c>.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount, int TotalPages)
{
    public static PagedList<T> Create(IReadOnlyList<T> items, PageRequest request, int totalCount) =>
        new(items, request.Page, request.PageSize, totalCount, (int)Math.Ceiling(totalCount / (double)request.PageSize));
}

/// <summary>?page=1&amp;pageSize=20, clamped to the contract's bounds (pageSize at most 100).</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    /// <summary>Far past any real list; keeps <see cref="Skip"/> from overflowing.</summary>
    public const int MaxPage = 1_000_000;

    public static PageRequest From(int? page, int? pageSize) =>
        new(Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(pageSize ?? 20, 1, MaxPageSize));

    public int Skip => (Page - 1) * PageSize;
}
