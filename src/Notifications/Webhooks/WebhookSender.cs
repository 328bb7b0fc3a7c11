using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bazaar.Notifications.Webhooks;

/// <summary>What one POST came to: the receiver's status code if it answered, and an error unless it answered 2xx.</summary>
public sealed record AttemptOutcome(int? StatusCode, long DurationMs, string? Error);

/// <summary>One signed POST of a delivery's body to its subscription's URL, within the attempt timeout.</summary>
internal sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string SignatureHeader = "Bazaar-Signature";

    private readonly WebhookOptions settings = options.Value;

    public async Task<AttemptOutcome> PostAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken stoppingToken)
    {
        var client = clients.CreateClient(WebhookTargets.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        string secret;
        try
        {
            secret = secrets.Unprotect(subscription.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            return new AttemptOutcome(null, 0, "The subscription's secret cannot be decrypted (was the Data Protection key ring lost?); nothing was sent. Create the webhook again.");
        }

        var signedAt = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add(SignatureHeader, WebhookSecrets.Signature(secret, signedAt, delivery.Body));
        request.Headers.Add("Bazaar-Event", delivery.EventType);
        request.Headers.Add("Bazaar-Delivery", delivery.Id.ToString());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.AttemptTimeout);
        var started = Stopwatch.GetTimestamp();
        long Elapsed() => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return new AttemptOutcome(code, Elapsed(), code switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"The receiver answered {code}; redirects are not followed.",
                _ => $"The receiver answered {code} {response.ReasonPhrase}.",
            });
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new AttemptOutcome(null, Elapsed(), $"Timed out: no answer within {settings.AttemptTimeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex)
        {
            return new AttemptOutcome(null, Elapsed(), Refusal(ex)?.Message ?? $"No answer: {ex.Message}");
        }
    }

    private static TargetRefusedException? Refusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is TargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
