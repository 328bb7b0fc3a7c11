using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bazaar.LocalInfrastructure;
using Bazaar.Notifications.Notifications;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests;

/// <summary>
/// The Twilio adapter against a local HTTP endpoint shaped like Twilio's Messages resource (the
/// real Twilio cannot be reached from here): what goes over the wire, and what each answer means.
/// </summary>
public sealed class TwilioSmsTests(AppWithTwilio app) : IClassFixture<AppWithTwilio>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendSms_TwilioAccepts_FormPostWithBasicAuthAndMarkedSent()
    {
        var id = await SendAsync("+15005550006", "Your order has shipped.");

        await Eventually.HoldsAsync(async () => (await app.FindAsync(id))?.Status == NotificationStatus.Sent, TimeSpan.FromSeconds(10), "the SMS sent");
        var request = Assert.Single(app.Twilio.Requests, r => r.Form.Contains("To=%2B15005550006"));
        Assert.Equal("/2010-04-01/Accounts/AC0123/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC0123:test-token")), request.Authorization);
        Assert.Contains("From=%2B15005550000", request.Form);
        Assert.Contains("Body=Your+order+has+shipped.", request.Form);
    }

    [Fact]
    public async Task SendSms_InvalidNumberCode_FailedAtOnce()
    {
        app.Twilio.Answers["+15005550001"] = (400, """{"code":21211,"message":"The 'To' number is not a valid phone number."}""");

        var id = await SendAsync("+15005550001", "hi");

        await Eventually.HoldsAsync(async () => (await app.FindAsync(id))?.Status == NotificationStatus.Failed, TimeSpan.FromSeconds(10), "the SMS failed");
        var row = (await app.FindAsync(id))!;
        Assert.Equal(1, row.Attempts);
        Assert.Contains("21211", row.LastError);
    }

    [Fact]
    public async Task SendSms_TwilioDown_WaitsWithoutUsingAttemptsThenSent()
    {
        app.Twilio.Answers["+15005550002"] = (503, "{}");

        var id = await SendAsync("+15005550002", "hi");

        await Eventually.HoldsAsync(async () => (await app.FindAsync(id))?.LastError?.Contains("503") == true, TimeSpan.FromSeconds(10), "a 503 recorded");
        Assert.Equal((NotificationStatus.Pending, 0), ((await app.FindAsync(id))!.Status, (await app.FindAsync(id))!.Attempts));
        app.Twilio.Answers["+15005550002"] = (201, """{"sid":"SM1"}""");
        await Eventually.HoldsAsync(async () => (await app.FindAsync(id))?.Status == NotificationStatus.Sent, TimeSpan.FromSeconds(10), "the SMS sent once Twilio is back");
    }

    private async Task<Guid> SendAsync(string to, string body)
    {
        using var admin = app.ClientWith(app.Tokens.ForAdmin(out _));
        var response = await admin.PostAsJsonAsync("/api/notifications/sms", new { to, body }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AcceptedBody>(Cancel))!.Id;
    }

    private sealed record AcceptedBody(Guid Id, string Status);
}

public sealed class AppWithTwilio(InfrastructureFixture infrastructure) : NotificationsApp(infrastructure)
{
    public TwilioEndpoint Twilio { get; } = new();

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Sms:Provider"] = "twilio";
        settings["Sms:Twilio:BaseUrl"] = Twilio.BaseUrl;
        settings["Sms:Twilio:AccountSid"] = "AC0123";
        settings["Sms:Twilio:AuthToken"] = "test-token";
        settings["Sms:Twilio:From"] = "+15005550000";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Twilio.Dispose();
    }
}

/// <summary>Answers POSTs like Twilio's Messages resource: 201 unless an answer is set for the To number.</summary>
public sealed class TwilioEndpoint : IDisposable
{
    private readonly HttpListener listener = new();

    public TwilioEndpoint()
    {
        BaseUrl = $"http://127.0.0.1:{Ports.Free()}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentDictionary<string, (int Status, string Body)> Answers { get; } = new();

    public ConcurrentQueue<(string Path, string? Authorization, string Form)> Requests { get; } = new();

    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var form = await reader.ReadToEndAsync();
            Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], form));
            var to = WebUtility.UrlDecode(form.Split('&').FirstOrDefault(p => p.StartsWith("To=", StringComparison.Ordinal))?[3..] ?? string.Empty);
            var (status, body) = Answers.TryGetValue(to, out var answer) ? answer : (201, """{"sid":"SM0"}""");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        }
    }
}
