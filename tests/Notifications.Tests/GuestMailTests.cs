using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.Notifications.Notices;
using Bazaar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Notifications.Tests;

/// <summary>A guest has no account: their order's mails go to the email they checked out with.</summary>
public sealed class GuestMailTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GuestCheckedOut_MailsTheOrderLink_ThenThePaidConfirmationReachesTheGuestToo()
    {
        var (orderId, guestId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var email = $"guest-{guestId:N}@example.com";
        var token = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        await app.PublishAsync(new GuestCheckedOut(orderId, guestId, "Gwen Guest", email, token, DateTimeOffset.UtcNow));

        var linkMail = await app.Mail.WaitForMailAsync(email, "We have your Bazaar order");
        Assert.Contains($"{NotificationsApp.PublicUrl}/orders/{orderId}?token={token}", linkMail.Text);
        Assert.Contains("Hello Gwen Guest,", linkMail.Text);

        await app.PublishAsync(new OrderPaid(orderId, guestId, Guid.CreateVersion7(), [new OrderLine(Guid.CreateVersion7(), "Lamp", 2, 15m)], 30m, "USD", DateTimeOffset.UtcNow));

        var confirmation = await app.Mail.WaitForMailAsync(email, "is confirmed");
        Assert.Contains("Hello Gwen Guest,", confirmation.Text);
        Assert.Contains("Total paid", confirmation.Text);

        // The link's row forgets the token once the mail is out; the confirmation keeps its body.
        Notifications.Notification? row = null;
        await Eventually.HoldsAsync(
            async () => (row = await app.WithDbAsync(db => db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.UserId == guestId && n.Template == MessageTemplates.GuestOrder, Cancel)))
                is { Status: Notifications.NotificationStatus.Sent },
            TimeSpan.FromSeconds(15),
            "the guest's link mail is recorded as sent");
        Assert.DoesNotContain(token, row!.Body);
    }
}
