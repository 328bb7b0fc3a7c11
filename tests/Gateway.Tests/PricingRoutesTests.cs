using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Yarp.ReverseProxy;

namespace Bazaar.Gateway.Tests;

/// <summary>The checkout pricing routes (contract second edition) and the returns go to Ordering, as /api/orders does.</summary>
public sealed class PricingRoutesTests(GatewayStack stack) : IClassFixture<GatewayStack>
{
    [Theory]
    [InlineData("/api/shipping/methods")]
    [InlineData("/api/shipping/methods/0190a000-0000-7000-8000-000000000000")]
    [InlineData("/api/tax/rates")]
    [InlineData("/api/promotions")]
    [InlineData("/api/promotions/0190a000-0000-7000-8000-000000000000")]
    [InlineData("/api/checkout/quote")]
    [InlineData("/api/returns")]
    [InlineData("/api/returns/0190a000-0000-7000-8000-000000000000/status")]
    [InlineData("/api/orders/0190a000-0000-7000-8000-000000000000/returns")]
    public void PricingPath_IsRoutedToTheOrderingCluster(string path)
    {
        var routes = stack.GatewayServices.GetRequiredService<IProxyStateLookup>().GetRoutes();

        var route = Assert.Single(routes, r => r.Config.Match.Path is { } pattern && Matches(pattern, path));

        Assert.Equal("ordering", route.Config.ClusterId);
    }

    /// <summary>Route patterns of the form "/api/x/{**rest}": the prefix, then anything.</summary>
    private static bool Matches(string pattern, string path) =>
        pattern.EndsWith("/{**rest}", StringComparison.Ordinal)
        && (path + "/").StartsWith(pattern[..^"{**rest}".Length], StringComparison.Ordinal);
}
