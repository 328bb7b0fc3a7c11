using Bazaar.Notifications.Notifications;
using Bazaar.Notifications.Notices;
using Bazaar.Notifications.Preferences;

namespace Bazaar.Notifications.Tests;

/// <summary>The retry rules of one notification, without a database.</summary>
public sealed class NotificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Notification NewMail() =>
        Notification.Pending(Guid.NewGuid(), Channel.Email, MessageTemplates.Welcome, "a@example.com", MessageTemplates.WelcomeMail("A"), Now);

    [Fact]
    public void RecordFailure_BeforeTheLastAttempt_PendingAgainAfterTheBackoff()
    {
        var notification = NewMail();

        notification.RecordFailure("451 try later", permanent: false, maxAttempts: 3, _ => TimeSpan.FromSeconds(10), Now);

        Assert.Equal((NotificationStatus.Pending, 1, Now.AddSeconds(10), "451 try later"), (notification.Status, notification.Attempts, notification.NextAttemptAt, notification.LastError));
    }

    [Fact]
    public void RecordFailure_LastAttempt_FailedWithTheLastError()
    {
        var notification = NewMail();

        for (var i = 1; i <= 3; i++)
        {
            notification.RecordFailure($"error {i}", permanent: false, maxAttempts: 3, _ => TimeSpan.FromSeconds(1), Now);
        }

        Assert.Equal((NotificationStatus.Failed, 3, "error 3"), (notification.Status, notification.Attempts, notification.LastError));
    }

    [Fact]
    public void RecordFailure_Permanent_FailedAtOnce()
    {
        var notification = NewMail();

        notification.RecordFailure("550 no such mailbox", permanent: true, maxAttempts: 10, _ => TimeSpan.FromSeconds(1), Now);

        Assert.Equal((NotificationStatus.Failed, 1), (notification.Status, notification.Attempts));
    }

    [Fact]
    public void Postpone_ChannelUnavailable_NoAttemptUsed()
    {
        var notification = NewMail();

        notification.Postpone("SMTP server unavailable", Now.AddMinutes(1));

        Assert.Equal((NotificationStatus.Pending, 0, Now.AddMinutes(1)), (notification.Status, notification.Attempts, notification.NextAttemptAt));
    }

    [Fact]
    public void Templates_ValuesInHtml_Encoded()
    {
        var mail = MessageTemplates.WelcomeMail("<script>alert(1)</script>");

        Assert.DoesNotContain("<script>", mail.Html);
        Assert.Contains("&lt;script&gt;", mail.Html);
    }

    /// <summary>
    /// A template sent on an event must be listed in NoticeRules.KindOf: the sender re-checks the
    /// kind from the template, and an unlisted one counts as marketing (off unless the user opted in),
    /// so its notices would be skipped, silently.
    /// </summary>
    [Fact]
    public void EveryTemplateTheShopSends_HasItsKindListed()
    {
        var templates = typeof(MessageTemplates).GetFields()
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Contains(MessageTemplates.OrderCancelled, templates);
        Assert.All(templates, template => Assert.NotEqual(NoticeKind.Marketing, NoticeRules.KindOf(template)));
    }

    [Theory]
    [InlineData("order_confirmation", false, true, false)]
    [InlineData("order_confirmation", true, false, true)]
    [InlineData("welcome", false, false, false)]
    [InlineData("newsletter", true, false, false)]
    [InlineData("newsletter", true, true, true)]
    [InlineData("low_stock", false, false, true)]
    [InlineData("direct", false, false, true)]
    [InlineData("password_reset", false, false, true)]
    [InlineData("email_verification", false, false, true)]
    public void Refusal_EmailAndMarketingFlags_OnlyStaffAlertsDirectSendsAndSecurityMailsIgnoreThem(string template, bool email, bool marketing, bool allowed)
    {
        var preference = Preference.Defaults(Guid.NewGuid());
        preference.Set(email, sms: true, push: false, marketing, Now);

        var refusal = NoticeRules.Refusal(NoticeRules.KindOf(template), Channel.Email, preference);

        Assert.Equal(allowed, refusal is null);
    }
}
