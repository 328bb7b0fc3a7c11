using System.Globalization;
using System.Net;
using System.Text;
using Bazaar.Contracts;
using Bazaar.Notifications.Notifications;

namespace Bazaar.Notifications.Notices;

/// <summary>
/// The shop's messages, one method per template name. Plain text first (what SMS and push carry,
/// and what every mail client shows), with an HTML part built from the same paragraphs, every
/// value HTML-encoded. Mails carry facts about the order, never a secret or a token, except the
/// two account mails, whose single-use link is their point (<see cref="CarriesSecret"/>: the
/// dispatcher forgets their body once it is done with them).
/// </summary>
public static class MessageTemplates
{
    public const string Welcome = "welcome";
    public const string OrderConfirmation = "order_confirmation";
    public const string PaymentFailed = "payment_failed";
    public const string OrderShipped = "order_shipped";
    public const string OrderDelivered = "order_delivered";
    public const string OrderCancelled = "order_cancelled";
    public const string OrderRefunded = "order_refunded";
    public const string LowStock = "low_stock";
    public const string Direct = "direct";
    public const string PasswordReset = "password_reset";
    public const string EmailVerification = "email_verification";
    public const string GuestOrder = "guest_order";
    public const string BackInStock = "back_in_stock";

    private const string Signature = "The Bazaar team";

    public static MessageContent WelcomeMail(string? name) => Mail(
        "Welcome to Bazaar",
        Greeting(name),
        "Thank you for joining Bazaar. Your account is ready: browse the catalog, fill your cart and check out whenever you like.",
        "You can choose which messages you get from us under your notification preferences.");

    /// <summary>Templates whose body holds a single-use token, kept only until the mail is out.</summary>
    public static bool CarriesSecret(string template) => template is PasswordReset or EmailVerification or GuestOrder;

    /// <summary>A guest's first mail about their order: the link (with the order token) is their only way back to it.</summary>
    public static MessageContent GuestOrderMail(string? name, string publicUrl, Guid orderId, string orderToken) => Mail(
        $"We have your Bazaar order {Short(orderId)}",
        Greeting(name),
        $"Thank you for your order {orderId}. Follow it here (keep this mail: the link is how you see the order without an account):",
        Link(publicUrl, $"/orders/{orderId}", orderToken),
        "We will write again when it is paid and when it ships. Create an account with this email address and confirm it, and your orders will be there too.");

    public static MessageContent PasswordResetMail(string? name, string publicUrl, string token, DateTimeOffset expiresAt) => Mail(
        "Reset your Bazaar password",
        Greeting(name),
        "Someone (we hope you) asked to reset the password of your Bazaar account. Choose a new one here:",
        Link(publicUrl, "/account/reset-password", token),
        $"The link works once, until {When(expiresAt)}. Setting a new password signs you out everywhere.",
        "If you did not ask for this, ignore this mail: your password stays as it is.");

    public static MessageContent EmailVerificationMail(string? name, string publicUrl, string token, DateTimeOffset expiresAt) => Mail(
        "Confirm your email address for Bazaar",
        Greeting(name),
        "Please confirm that this is your email address by opening this link:",
        Link(publicUrl, "/account/verify-email", token),
        $"The link works once, until {When(expiresAt)}; asking for a new one replaces it.",
        "If you did not create a Bazaar account, ignore this mail.");

    public static MessageContent OrderConfirmationMail(string? name, Guid orderId, IReadOnlyList<OrderLine> items, decimal total, string currency) => Mail(
        $"Your Bazaar order {Short(orderId)} is confirmed",
        Greeting(name),
        $"We received your payment for order {orderId}. Here is what you ordered:",
        string.Join('\n', items.Select(i => $"{i.Quantity} x {i.ProductName} at {Money(i.UnitPrice, currency)} = {Money(i.UnitPrice * i.Quantity, currency)}")),
        $"Total paid: {Money(total, currency)}",
        "We will let you know as soon as it ships.");

    public static MessageContent OrderConfirmationShort(Guid orderId, decimal total, string currency) =>
        Text($"Bazaar: payment of {Money(total, currency)} received, order {Short(orderId)} is confirmed.");

    public static MessageContent PaymentFailedMail(string? name, Guid orderId, decimal amount, string currency, string reason) => Mail(
        $"Payment for your Bazaar order {Short(orderId)} did not go through",
        Greeting(name),
        $"We could not take the payment of {Money(amount, currency)} for order {orderId}.",
        $"Reason given by the payment provider: {reason}",
        "Your order is kept for a short while: pay again with another method from your orders page to complete it.");

    public static MessageContent PaymentFailedShort(Guid orderId, decimal amount, string currency) =>
        Text($"Bazaar: the payment of {Money(amount, currency)} for order {Short(orderId)} failed. Please pay again to keep the order.");

    public static MessageContent OrderShippedMail(string? name, Guid orderId, string carrier, string trackingNumber) => Mail(
        $"Your Bazaar order {Short(orderId)} has shipped",
        Greeting(name),
        $"Good news: order {orderId} is on its way.",
        $"Carrier: {carrier}\nTracking number: {trackingNumber}",
        "Use the tracking number on the carrier's site to follow the parcel.");

    public static MessageContent OrderShippedShort(Guid orderId, string carrier, string trackingNumber) =>
        Text($"Bazaar: order {Short(orderId)} has shipped with {carrier}, tracking number {trackingNumber}.");

    public static MessageContent OrderDeliveredMail(string? name, Guid orderId) => Mail(
        $"Your Bazaar order {Short(orderId)} was delivered",
        Greeting(name),
        $"Order {orderId} has been delivered. We hope you enjoy it.",
        "Your opinion helps other shoppers: you can now review the products you received.");

    public static MessageContent OrderDeliveredShort(Guid orderId) =>
        Text($"Bazaar: order {Short(orderId)} has been delivered.");

    public static MessageContent OrderCancelledMail(string? name, Guid orderId, string reason, bool wasPaid) => Mail(
        $"Your Bazaar order {Short(orderId)} was cancelled",
        Greeting(name),
        $"Order {orderId} was cancelled: {Why(reason)}",
        wasPaid
            ? "We received a payment for it, which is being refunded to you in full, to the way you paid."
            : "Nothing was charged for it.");

    public static MessageContent OrderCancelledShort(Guid orderId, bool wasPaid) =>
        Text($"Bazaar: order {Short(orderId)} was cancelled. {(wasPaid ? "Your payment is being refunded." : "Nothing was charged.")}");

    public static MessageContent OrderRefundedMail(string? name, Guid orderId, decimal amount, string currency) => Mail(
        $"Your refund for Bazaar order {Short(orderId)}",
        Greeting(name),
        $"We have refunded {Money(amount, currency)} for order {orderId}, to the way you paid.",
        "Depending on your bank it can take a few days to show on your statement.");

    public static MessageContent OrderRefundedShort(Guid orderId, decimal amount, string currency) =>
        Text($"Bazaar: {Money(amount, currency)} refunded for order {Short(orderId)}.");

    /// <summary>Ordering's cancellation reasons, as the buyer reads them; one not known here is shown as it came.</summary>
    private static string Why(string reason) => reason switch
    {
        "insufficient_stock" => "some of its items were no longer in stock.",
        "payment_timeout" => "no payment arrived within the time the items were held for you.",
        "customer_request" => "you cancelled it.",
        "admin" => "the shop cancelled it.",
        "sold_out_before_payment" => "your payment arrived after the time the items were held for you, and they had sold out meanwhile.",
        _ => reason.Replace('_', ' ') + ".",
    };

    /// <summary>The shopper asked to be told (Inventory's alert): the link leads to the product page, where its name and price are current.</summary>
    public static MessageContent BackInStockMail(string? name, string publicUrl, Guid productId, int available) => Mail(
        "It's back in stock at Bazaar",
        Greeting(name),
        "A product you asked us to watch is back in stock:",
        $"{publicUrl.TrimEnd('/')}/products/{productId}",
        $"{available} {(available == 1 ? "is" : "are")} available right now; we do not hold them for you, so be quick if you want one.",
        "This was a one-time alert: ask again on the product page to hear about the next restock.");

    public static MessageContent BackInStockShort(string publicUrl, Guid productId) =>
        Text($"Bazaar: a product you watch is back in stock: {publicUrl.TrimEnd('/')}/products/{productId}");

    public static MessageContent LowStockMail(Guid productId, int available, int threshold) => Mail(
        $"Low stock: product {productId}",
        "Hello,",
        $"Product {productId} is running low: {available} available, at or below the threshold of {threshold}.",
        "Restock it in the inventory before it sells out.");

    public static MessageContent DirectMessage(string? subject, string body) =>
        new(string.IsNullOrWhiteSpace(subject) ? "A message from Bazaar" : subject.Trim(), body);

    private static MessageContent Mail(string subject, params string[] paragraphs)
    {
        string[] all = [.. paragraphs, Signature];
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">");
        foreach (var paragraph in all)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        return new MessageContent(subject, string.Join("\n\n", all), html.Append("</body></html>").ToString());
    }

    private static MessageContent Text(string text) => new("Bazaar", text);

    private static string Link(string publicUrl, string page, string token) =>
        $"{publicUrl.TrimEnd('/')}{page}?token={Uri.EscapeDataString(token)}";

    private static string When(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Greeting(string? name) => string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {name.Trim()},";

    /// <summary>Enough of the id to recognise the order in a subject line (the random end, not the UUID v7 time prefix); the body carries all of it.</summary>
    private static string Short(Guid orderId) => orderId.ToString("N")[^8..];

    private static string Money(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";
}
