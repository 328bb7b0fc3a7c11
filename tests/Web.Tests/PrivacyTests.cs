using Xunit;

namespace Bazaar.Web.Tests;

/// <summary>
/// Whom a shopper's visit talks to: the shop, and nobody else (no font, script or tracker from a
/// third party). Product pictures are left out: they live where the shop's admins put them.
/// </summary>
public sealed class PrivacyTests(WebPlatform platform) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => platform.ReportIfFailedAsync();

    [Fact]
    public async Task Storefront_LoadsEverythingFromTheShopItself()
    {
        var page = await platform.NewPageAsync();
        var hosts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.ResourceType != "image")
            {
                lock (hosts)
                {
                    hosts.Add(new Uri(request.Url).Authority);
                }
            }
        };

        await Browser.GoToAsync(page, "/");

        lock (hosts)
        {
            Assert.NotEmpty(hosts);
            Assert.All(hosts, host => Assert.Equal(platform.GatewayUrl.Authority, host));
        }
    }
}
