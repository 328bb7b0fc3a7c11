using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Bazaar.Notifications.Delivery;

/// <summary>Bound from the "Smtp" section (the launcher passes Smtp__Host and Smtp__Port).</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary>Auto: TLS on port 465, STARTTLS elsewhere when the server offers it.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Bazaar <no-reply@bazaar.local>";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(Host) && Port is > 0 and < 65536 && MailboxAddress.TryParse(From, out _) && Timeout > TimeSpan.Zero;
}

/// <summary>
/// Real SMTP through MailKit: a connection per message, which keeps no idle connection for a
/// server to drop. Failing to connect or log in means the server is unavailable; a refusal of
/// the message itself is a rejection, permanent only for a recipient refused with a 5xx code.
/// </summary>
internal sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    private readonly SmtpOptions settings = options.Value;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var mime = Build(message);
        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? string.Empty, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException or SslHandshakeException
            or AuthenticationException or SmtpCommandException or SmtpProtocolException or ProtocolException)
        {
            throw new ChannelUnavailableException($"SMTP server {settings.Host}:{settings.Port} unavailable: {ex.Message}", ex);
        }

        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            var permanent = ex.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500;
            throw new MessageRejectedException($"SMTP {(int)ex.StatusCode}: {ex.Message}", permanent, ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException)
        {
            // Cut off mid-message: whether the server kept it is unknown, so it counts as an attempt.
            throw new MessageRejectedException($"SMTP connection lost while sending: {ex.Message}", permanent: false, ex);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or SmtpProtocolException)
        {
            // The server has the mail; a rude goodbye changes nothing.
        }
    }

    private MimeMessage Build(EmailMessage message)
    {
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new MessageRejectedException($"'{message.To}' is not a mail address.", permanent: true);
        }

        var mime = new MimeMessage
        {
            Subject = message.Subject,
            // Stable per notification: a resend after a crash carries the same id, which receivers deduplicate on.
            MessageId = $"{message.Id:N}@bazaar.notifications",
        };
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(to);
        mime.Body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html }.ToMessageBody();
        return mime;
    }
}
