using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;

namespace Bazaar.Notifications.Tests;

/// <summary>The mail of a fired back-in-stock alert: once per alert, however often the event arrives.</summary>
public sealed class BackInStockMailTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private const string Subject = "It's back in stock at Bazaar";

    [Fact]
    public async Task BackInStock_KnownUser_MailLinksTheProduct()
    {
        var user = await app.RegisterAsync();
        var productId = Guid.CreateVersion7();

        await app.PublishAsync(new BackInStock(Guid.CreateVersion7(), productId, null, user.Id, 3, DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, Subject);
        Assert.Contains("Hello Ada Lovelace,", mail.Text);
        Assert.Contains($"{NotificationsApp.PublicUrl}/products/{productId}", mail.Text);
        Assert.Contains("3 are available", mail.Text);
        await NotificationsApp.WaitForListedAsync(user, "back_in_stock", "sent");
    }

    [Fact]
    public async Task BackInStock_DeliveredTwiceWithOneMessageId_OneMail()
    {
        var user = await app.RegisterAsync();
        var messageId = Guid.CreateVersion7();
        var alert = new BackInStock(Guid.CreateVersion7(), Guid.CreateVersion7(), null, user.Id, 1, DateTimeOffset.UtcNow);

        await app.PublishAsync(alert, messageId);
        await app.PublishAsync(alert, messageId);
        // Handled one at a time in order: once this marker's mail is out, the duplicate was handled too.
        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), user.Id, [], DateTimeOffset.UtcNow));
        await app.Mail.WaitForMailAsync(user.Email, "was delivered");

        Assert.Single(await app.Mail.MailsToAsync(user.Email), m => m.Subject == Subject);
        Assert.Single((await NotificationsApp.ListAsync(user.Client)).Items, n => n.Template == "back_in_stock" && n.Channel == "email");
    }
}
