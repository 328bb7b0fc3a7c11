using System.Security.Claims;
using Bazaar.Notifications.Data;
using Bazaar.ServiceDefaults.Auth;
using Bazaar.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Notifications;

public static class ListNotifications
{
    public sealed record Item(
        Guid Id, Channel Channel, string Template, string? Subject, NotificationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

    public static RouteGroupBuilder MapListNotifications(this RouteGroupBuilder group)
    {
        group.MapGet("/", HandleAsync)
            .WithName("ListMyNotifications")
            .WithSummary("What was sent to me (or is on its way, or was skipped), newest first");
        return group;
    }

    internal static async Task<Results<Ok<PagedList<Item>>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        ClaimsPrincipal principal, NotificationsDb db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Only people get notifications",
                detail: "This token does not belong to a user.");
        }

        if (!PageRequest.TryRead(page, pageSize, out var request, out var problem))
        {
            return problem;
        }

        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var total = await mine.CountAsync(cancellationToken);
        var items = await mine
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(request.Skip).Take(request.PageSize)
            .Select(n => new Item(n.Id, n.Channel, n.Template, n.Subject, n.Status, n.CreatedAt, n.SentAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList<Item>.Create(items, request, total));
    }
}
