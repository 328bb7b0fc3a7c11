using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bazaar.LocalInfrastructure;

namespace Bazaar.TestSupport;

/// <summary>One POST a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(string Path, string? Signature, string? Event, string Body)
{
    /// <summary>
    /// Checks the Bazaar-Signature header as an integrator would, written apart from the shop's
    /// code: <c>t=unix,v1=hex HMAC-SHA256 of "t.body"</c> keyed with the secret's UTF-8 bytes.
    /// </summary>
    public bool SignedWith(string secret)
    {
        var parts = (Signature ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, out var unix))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{Body}"));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - unix) < 300;
        return fresh && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }
}

/// <summary>
/// A webhook receiver on 127.0.0.1: records every POST and answers it with the status that
/// <see cref="Answer"/> gives for the request's number (1 for the first), or, for null, never.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource closing = new();
    private int count;
    private int open;
    private int mostOpen;

    public WebhookReceiver()
    {
        BaseUrl = $"http://127.0.0.1:{Ports.Free()}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>A URL of this receiver of its own, for one subscription.</summary>
    public string NewUrl() => $"{BaseUrl}hooks/{Guid.NewGuid():N}";

    public Func<int, int?> Answer { get; set; } = _ => 200;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The most requests that were being answered at once (a hanging one stays open until disposal).</summary>
    public int MostAtOnce => Volatile.Read(ref mostOpen);

    public IEnumerable<ReceivedWebhook> At(string url) => Received.Where(r => url.EndsWith(r.Path, StringComparison.Ordinal));

    public void Dispose()
    {
        closing.Cancel();
        listener.Close();
        closing.Dispose();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            try
            {
                var context = await listener.GetContextAsync();
                _ = Task.Run(() => AnswerAsync(context, Interlocked.Increment(ref count)));
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, int number)
    {
        var now = Interlocked.Increment(ref open);
        for (var most = Volatile.Read(ref mostOpen); now > most && Interlocked.CompareExchange(ref mostOpen, now, most) != most; most = Volatile.Read(ref mostOpen))
        {
        }

        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Received.Enqueue(new ReceivedWebhook(context.Request.Url!.AbsolutePath, context.Request.Headers["Bazaar-Signature"], context.Request.Headers["Bazaar-Event"], body));
            if (Answer(number) is not { } status)
            {
                await Task.Delay(Timeout.Infinite, closing.Token); // a receiver that hangs
                return;
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed while answering.
        }
        finally
        {
            Interlocked.Decrement(ref open);
        }
    }
}
