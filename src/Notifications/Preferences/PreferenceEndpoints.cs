using System.Security.Claims;
using Bazaar.Notifications.Data;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bazaar.Notifications.Preferences;

public static partial class PreferenceEndpoints
{
    public sealed record Request(bool? Email, bool? Sms, bool? Push, bool? Marketing);

    public sealed record Response(bool Email, bool Sms, bool Push, bool Marketing);

    public static RouteGroupBuilder MapPreferences(this RouteGroupBuilder group)
    {
        group.MapGet("/preferences", GetAsync)
            .WithName("GetNotificationPreferences")
            .WithSummary("My notification preferences (defaults until I set them)");
        group.MapPut("/preferences", PutAsync)
            .WithName("SetNotificationPreferences")
            .WithSummary("Set all four of my notification preferences");
        return group;
    }

    internal static async Task<Results<Ok<Response>, ProblemHttpResult>> GetAsync(ClaimsPrincipal principal, NotificationsDb db, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return NotAUser();
        }

        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken)
            ?? Preference.Defaults(userId);
        return TypedResults.Ok(ToResponse(preference));
    }

    internal static async Task<Results<Ok<Response>, ValidationProblem, ProblemHttpResult>> PutAsync(
        Request request, ClaimsPrincipal principal, NotificationsDb db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (principal.UserId() is not { } userId)
        {
            return NotAUser();
        }

        // PUT replaces the whole set: a missing flag is an error, not a silent default.
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("email", request.Email), ("sms", request.Sms), ("push", request.Push), ("marketing", request.Marketing) })
        {
            if (value is null)
            {
                errors[name] = [$"{name} is required (true or false)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The preferences are not valid");
        }

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var preference = await db.Preferences.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
            if (preference is null)
            {
                preference = Preference.Defaults(userId);
                db.Preferences.Add(preference);
            }

            preference.Set(request.Email!.Value, request.Sms!.Value, request.Push!.Value, request.Marketing!.Value, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt == 1 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                continue; // the same user's first two PUTs raced to create the row: update it instead
            }

            LogUpdated(loggers.CreateLogger(typeof(PreferenceEndpoints)), userId, preference.Email, preference.Sms, preference.Push, preference.Marketing);
            return TypedResults.Ok(ToResponse(preference));
        }
    }

    private static Response ToResponse(Preference p) => new(p.Email, p.Sms, p.Push, p.Marketing);

    private static ProblemHttpResult NotAUser() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Only people have preferences",
        detail: "This token does not belong to a user.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Preferences of {UserId} set: email {Email}, sms {Sms}, push {Push}, marketing {Marketing}")]
    private static partial void LogUpdated(ILogger logger, Guid userId, bool email, bool sms, bool push, bool marketing);
}
