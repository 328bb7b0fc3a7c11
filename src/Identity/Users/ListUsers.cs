using Bazaar.Identity.Data;
using Bazaar.ServiceDefaults;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Identity.Users;

public static class ListUsers
{
    public static RouteGroupBuilder MapListUsers(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(Policies.Admin)
            .WithName("ListUsers")
            .WithSummary("All users, paged; q searches name and email (admin)");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<UserResponse>>, ValidationProblem>> HandleAsync(
        IdentityDb db,
        int? page,
        int? pageSize,
        string? q,
        CancellationToken cancellationToken)
    {
        if (!PageRequest.TryRead(page, pageSize, out var request, out var problem))
        {
            return problem;
        }

        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{EscapeLike(q.Trim().Replace("\0", "", StringComparison.Ordinal))}%";
            users = users.Where(u => EF.Functions.ILike(u.Email, pattern, "\\") || EF.Functions.ILike(u.Name, pattern, "\\"));
        }

        var total = await users.CountAsync(cancellationToken);
        var items = await users
            .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip(request.Skip).Take(request.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<UserResponse>.Create([.. items.Select(UserResponse.From)], request, total));
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
