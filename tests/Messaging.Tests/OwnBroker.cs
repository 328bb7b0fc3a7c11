using Bazaar.LocalInfrastructure;
using Xunit;

namespace Bazaar.Messaging.Tests;

/// <summary>A RabbitMQ node of a test's own, to stop and start again on the same port and data.</summary>
internal sealed class OwnBroker : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"bazaar-broker-{Guid.NewGuid():N}");
    private RabbitMqServer server = null!;
    private int port;

    public string ConnectionString => server.ConnectionString;

    public static async Task<OwnBroker> StartAsync()
    {
        var broker = new OwnBroker();
        broker.server = await RabbitMqServer.StartAsync(broker.directory, port: null, TestContext.Current.CancellationToken);
        broker.port = broker.server.Port;
        return broker;
    }

    public ValueTask StopAsync() => server.DisposeAsync();

    /// <summary>The node again, where it was, with what it kept on disk.</summary>
    public async Task StartAgainAsync() =>
        server = await RabbitMqServer.StartAsync(directory, port, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
