using System.Net;
using Bazaar.Contracts.Catalog;
using Bazaar.Notifications.Webhooks;
using Bazaar.TestSupport;

namespace Bazaar.Notifications.Tests.Webhooks;

/// <summary>
/// SSRF: with private targets not allowed, targets that resolve to internal addresses are refused
/// when the attempt connects, before anything is sent; a real receiver on 127.0.0.1 gets nothing.
/// </summary>
public sealed class WebhookTargetTests(GuardedWebhooksApp app) : IClassFixture<GuardedWebhooksApp>
{
    [Theory]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[::1]:9/hook", "loopback")]
    [InlineData("http://192.168.1.1/hook", "private")]
    [InlineData("http://100.64.0.1/hook", "shared (CGNAT)")]
    [InlineData("http://[fd00::1]/hook", "private")]
    public async Task InternalAddress_NotAllowed_RefusedBeforeConnecting(string url, string kind)
    {
        var webhook = await app.SubscribeAsync(url, "ProductArchived");

        await app.PublishAsync(new ProductArchived(Guid.CreateVersion7(), DateTimeOffset.UtcNow));

        var attempt = await FirstAttemptAsync(webhook.Id);
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("Refused", attempt.Error);
        Assert.Contains($"a {kind} address", attempt.Error);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task LocalReceiver_NotAllowed_RefusedAndReceivesNothing(string host)
    {
        using var receiver = new WebhookReceiver();
        var url = receiver.NewUrl().Replace("127.0.0.1", host, StringComparison.Ordinal);
        var webhook = await app.SubscribeAsync(url, "ProductArchived");

        await app.PublishAsync(new ProductArchived(Guid.CreateVersion7(), DateTimeOffset.UtcNow));

        var attempt = await FirstAttemptAsync(webhook.Id);
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("Refused", attempt.Error);
        Assert.Contains("loopback", attempt.Error);
        Assert.Empty(receiver.Received);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "private")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:10.0.0.1", "private")]
    public void Refusal_InternalAddress_Named(string address, string kind) =>
        Assert.Equal(kind, WebhookTargets.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    public void Refusal_PublicAddress_None(string address) =>
        Assert.Null(WebhookTargets.Refusal(IPAddress.Parse(address)));

    private async Task<AttemptBody> FirstAttemptAsync(Guid subscriptionId)
    {
        var deliveries = await app.WaitForDeliveriesAsync(subscriptionId, d => d.Any(x => x.Attempts.Count > 0), "an attempt recorded");
        await app.UnsubscribeAsync(subscriptionId);
        return Assert.Single(deliveries).Attempts[0];
    }
}
