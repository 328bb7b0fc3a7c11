using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Delivery;

/// <summary>Bound from the "Sms" section: which provider sends text messages.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>"log" (development: nothing leaves the shop) or "twilio".</summary>
    public string Provider { get; set; } = "log";

    public TwilioOptions Twilio { get; set; } = new();

    public bool UsesTwilio => string.Equals(Provider, "twilio", StringComparison.OrdinalIgnoreCase);

    public bool IsValid() =>
        string.Equals(Provider, "log", StringComparison.OrdinalIgnoreCase)
        || (UsesTwilio && !string.IsNullOrWhiteSpace(Twilio.AccountSid) && !string.IsNullOrWhiteSpace(Twilio.AuthToken) && !string.IsNullOrWhiteSpace(Twilio.From));
}

public sealed class TwilioOptions
{
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com/");

    public string AccountSid { get; set; } = string.Empty;

    /// <summary>A secret: from user secrets or the environment (Sms__Twilio__AuthToken), never appsettings.json.</summary>
    public string AuthToken { get; set; } = string.Empty;

    /// <summary>The sending number (E.164) or messaging service's sender.</summary>
    public string From { get; set; } = string.Empty;
}

/// <summary>
/// Twilio's Messages REST resource over plain HttpClient (Twilio's SDK is not in our package
/// mirror). Its HttpClient is its own, not the factory's, because the factory's clients get the
/// standard resilience handler: a POST it retried could send the text twice, and the dispatcher
/// retries anyway. Unreachable, throttled, failing or refusing our credentials means the
/// provider is unavailable; a 400 about the number is a permanent rejection.
/// </summary>
internal sealed class TwilioSmsSender(IOptions<SmsOptions> options) : ISmsSender, IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Twilio's codes for a number that can never get this text (invalid, not a mobile, unsubscribed).</summary>
    private static readonly HashSet<int> PermanentCodes = [21211, 21214, 21408, 21610, 21612, 21614];

    public async Task SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var twilio = options.Value.Twilio;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(twilio.BaseUrl, $"2010-04-01/Accounts/{Uri.EscapeDataString(twilio.AccountSid)}/Messages.json"))
        {
            Content = new FormUrlEncodedContent([new("To", message.To), new("From", twilio.From), new("Body", message.Text)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}")));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ChannelUnavailableException($"Twilio unreachable: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ChannelUnavailableException($"Twilio answered {status}.");
            }

            var (code, text) = await ReadErrorAsync(response, cancellationToken);
            throw new MessageRejectedException($"Twilio refused the message ({status}, code {code}): {text}", permanent: code is { } c && PermanentCodes.Contains(c));
        }
    }

    public void Dispose() => http.Dispose();

    private static async Task<(int? Code, string Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var code = error.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
            var text = error.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? string.Empty : string.Empty;
            return (code, text);
        }
        catch (JsonException)
        {
            return (null, response.ReasonPhrase ?? string.Empty);
        }
    }
}
