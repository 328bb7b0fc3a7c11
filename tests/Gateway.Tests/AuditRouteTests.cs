using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Yarp.ReverseProxy;

namespace Bazaar.Gateway.Tests;

/// <summary>The audit log (contract second edition) is served by Analytics, the platform's event sink.</summary>
public sealed class AuditRouteTests(GatewayStack stack) : IClassFixture<GatewayStack>
{
    [Fact]
    public void AuditPath_IsRoutedToTheAnalyticsCluster()
    {
        var routes = stack.GatewayServices.GetRequiredService<IProxyStateLookup>().GetRoutes();

        var route = Assert.Single(routes, r => r.Config.Match.Path == "/api/audit");

        Assert.Equal("analytics", route.Config.ClusterId);
    }
}
