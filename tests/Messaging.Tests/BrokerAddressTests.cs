using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>ConnectionStrings:rabbitmq as the bus reads it: one node as always, or every node of a cluster.</summary>
public sealed class BrokerAddressTests
{
    [Fact]
    public void Parse_OneHost_IsThePlainUriAndOneEndpoint()
    {
        var address = BrokerAddress.Parse("amqp://guest:guest@127.0.0.1:5673/");

        Assert.Equal(new Uri("amqp://guest:guest@127.0.0.1:5673/"), address.Uri);
        var endpoint = Assert.Single(address.Endpoints);
        Assert.Equal(("127.0.0.1", 5673), (endpoint.HostName, endpoint.Port));
    }

    [Fact]
    public void Parse_SeveralHosts_GivesAnEndpointEachAndKeepsCredentialsAndVirtualHost()
    {
        var address = BrokerAddress.Parse("amqp://shop:s%40cret@10.0.0.1:5672, 10.0.0.2 ,[::1]:5674/bazaar?heartbeat=10");

        Assert.Equal([("10.0.0.1", 5672), ("10.0.0.2", 5672), ("::1", 5674)], address.Endpoints.Select(e => (e.HostName, e.Port)));
        var factory = address.CreateFactory();
        Assert.Equal(("shop", "s@cret", "bazaar"), (factory.UserName, factory.Password, factory.VirtualHost));
    }

    [Fact]
    public void Parse_Amqps_UsesTlsOnEveryNode()
    {
        var address = BrokerAddress.Parse("amqps://u:p@a.example,b.example/");

        Assert.All(address.Endpoints, e => Assert.True(e.Ssl.Enabled));
        Assert.Equal([("a.example", 5671), ("b.example", 5671)], address.Endpoints.Select(e => (e.HostName, e.Port)));
    }

    [Theory]
    [InlineData("127.0.0.1:5672")]
    [InlineData("amqp://guest:guest@/")]
    public void Parse_NotAnAmqpUriWithAHost_Fails(string connectionString) =>
        Assert.ThrowsAny<FormatException>(() => BrokerAddress.Parse(connectionString));
}
