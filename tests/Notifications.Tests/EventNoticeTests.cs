using Bazaar.Contracts;
using Bazaar.Contracts.Identity;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Ordering;
using Bazaar.Contracts.Payments;

namespace Bazaar.Notifications.Tests;

/// <summary>The mails the shop sends without being asked, from the events of the other services.</summary>
public sealed class EventNoticeTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    [Fact]
    public async Task UserRegistered_NewUser_WelcomeMailArrivesAndIsListedAsSent()
    {
        var user = await app.RegisterAsync();

        var mail = await app.Mail.WaitForMailAsync(user.Email, "Welcome to Bazaar");

        Assert.Contains("Hello Ada Lovelace,", mail.Text);
        Assert.Contains("<p>Hello Ada Lovelace,</p>", mail.Html);
        var listed = await NotificationsApp.WaitForListedAsync(user, "welcome", "sent");
        Assert.Equal("Welcome to Bazaar", listed.Subject);
        Assert.NotNull(listed.SentAt);
    }

    [Fact]
    public async Task UserRegistered_DeliveredTwiceWithOneMessageId_OneMail()
    {
        var messageId = Guid.CreateVersion7();
        var user = await app.RegisterAsync(messageId: messageId);
        await app.PublishAsync(new UserRegistered(user.Id, "Ada Lovelace", user.Email, null, ["customer"], DateTimeOffset.UtcNow), messageId);
        // Handled one at a time in order: once this marker's mail is out, the duplicate was handled too.
        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), user.Id, [], DateTimeOffset.UtcNow));

        await app.Mail.WaitForMailAsync(user.Email, "was delivered");

        var welcomes = (await app.Mail.MailsToAsync(user.Email)).Where(m => m.Subject == "Welcome to Bazaar").ToList();
        Assert.Single(welcomes);
        Assert.Single((await NotificationsApp.ListAsync(user.Client)).Items, n => n.Template == "welcome");
    }

    [Fact]
    public async Task OrderPaid_KnownUser_ConfirmationWithOrderIdLinesAndTotal()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();
        OrderLine[] items = [new(Guid.NewGuid(), "Teapot", 2, 19.99m), new(Guid.NewGuid(), "Green tea", 1, 5.50m)];

        await app.PublishAsync(new OrderPaid(orderId, user.Id, Guid.NewGuid(), items, 45.48m, "EUR", DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "is confirmed");
        Assert.Contains(orderId.ToString("N")[^8..], mail.Subject);
        Assert.Contains(orderId.ToString(), mail.Text);
        Assert.Contains("2 x Teapot at 19.99 EUR = 39.98 EUR", mail.Text);
        Assert.Contains("Total paid: 45.48 EUR", mail.Text);
        await NotificationsApp.WaitForListedAsync(user, "order_confirmation", "sent");
    }

    [Fact]
    public async Task PaymentFailed_KnownUser_FailureNoticeWithReason()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(new PaymentFailed(Guid.NewGuid(), orderId, user.Id, 12.00m, "EUR", "card_declined", "Your card was declined.", DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "did not go through");
        Assert.Contains(orderId.ToString(), mail.Text);
        Assert.Contains("12.00 EUR", mail.Text);
        Assert.Contains("Your card was declined.", mail.Text);
    }

    [Fact]
    public async Task OrderShipped_KnownUser_MailCarriesCarrierAndTrackingNumber()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(new OrderShipped(orderId, user.Id, "DHL", "JD014600006281234567", DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "has shipped");
        Assert.Contains("Carrier: DHL", mail.Text);
        Assert.Contains("Tracking number: JD014600006281234567", mail.Text);
        Assert.Contains(orderId.ToString(), mail.Text);
    }

    [Fact]
    public async Task OrderDelivered_KnownUser_DeliveryMail()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(new OrderDelivered(orderId, user.Id, [Guid.NewGuid()], DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "was delivered");
        Assert.Contains(orderId.ToString(), mail.Text);
    }

    [Fact]
    public async Task OrderCancelled_PaidAndSoldOut_MailSaysWhyAndThatTheMoneyComesBack()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(new OrderCancelled(orderId, user.Id, "sold_out_before_payment", true, DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "was cancelled");
        Assert.Contains(orderId.ToString(), mail.Text);
        Assert.Contains("they had sold out meanwhile", mail.Text);
        Assert.Contains("being refunded to you in full", mail.Text);
    }

    [Fact]
    public async Task OrderCancelled_UnpaidByTheBuyer_MailSaysNothingWasCharged()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(new OrderCancelled(orderId, user.Id, "customer_request", false, DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "was cancelled");
        Assert.Contains("you cancelled it", mail.Text);
        Assert.Contains("Nothing was charged", mail.Text);
        Assert.DoesNotContain("refunded", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderRefunded_KnownUser_MailSaysHowMuchComesBack()
    {
        var user = await app.RegisterAsync();
        var orderId = Guid.CreateVersion7();

        await app.PublishAsync(new OrderRefunded(orderId, user.Id, 42.50m, "EUR", DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(user.Email, "Your refund");
        Assert.Contains("We have refunded 42.50 EUR for order " + orderId, mail.Text);
    }

    [Fact]
    public async Task OrderPaid_BeforeTheUserIsKnown_SentOnceTheContactArrives()
    {
        var userId = Guid.CreateVersion7();
        var email = $"{userId:N}@example.com";
        await app.PublishAsync(new OrderPaid(Guid.CreateVersion7(), userId, Guid.NewGuid(), [], 1.00m, "EUR", DateTimeOffset.UtcNow));

        await app.PublishAsync(new UserRegistered(userId, "Late Arrival", email, null, ["customer"], DateTimeOffset.UtcNow));

        await app.Mail.WaitForMailAsync(email, "is confirmed");
        await app.Mail.WaitForMailAsync(email, "Welcome to Bazaar");
    }

    [Fact]
    public async Task UserProfileUpdated_NewAddress_LaterMailGoesThere()
    {
        var user = await app.RegisterAsync();
        var newAddress = $"new-{user.Id:N}@example.com";

        await app.PublishAsync(new UserProfileUpdated(user.Id, "Ada King", newAddress, null, DateTimeOffset.UtcNow));
        await app.PublishAsync(new OrderDelivered(Guid.CreateVersion7(), user.Id, [], DateTimeOffset.UtcNow));

        var mail = await app.Mail.WaitForMailAsync(newAddress, "was delivered");
        Assert.Contains("Hello Ada King,", mail.Text);
        Assert.DoesNotContain(await app.Mail.MailsToAsync(user.Email), m => m.Subject.Contains("was delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LowStockDetected_AdminsAndConfiguredAddress_AlertMailedToThemOnly()
    {
        var admin = await app.RegisterAsync(admin: true);
        var promoted = await app.RegisterAsync();
        var customer = await app.RegisterAsync();
        await app.PublishAsync(new UserRolesChanged(promoted.Id, ["admin", "customer"], DateTimeOffset.UtcNow));
        var productId = Guid.NewGuid();

        await app.PublishAsync(new LowStockDetected(productId, 3, 5, DateTimeOffset.UtcNow));

        foreach (var address in new[] { admin.Email, promoted.Email, app.OperationsAddress })
        {
            var mail = await app.Mail.WaitForMailAsync(address, $"Low stock: product {productId}");
            Assert.Contains("3 available", mail.Text);
        }

        await NotificationsApp.WaitForListedAsync(admin, "low_stock", "sent");
        // Recorded in the same transaction as the admins' alerts: had the customer been one, it would be listed.
        Assert.DoesNotContain((await NotificationsApp.ListAsync(customer.Client)).Items, n => n.Template == "low_stock");
    }
}
