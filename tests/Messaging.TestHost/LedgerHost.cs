using Bazaar.ServiceDefaults.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bazaar.Messaging.TestHost;

public static class LedgerHost
{
    /// <summary>A host with the ledger's outbox relay and, when <paramref name="consume"/>, its consumer.</summary>
    public static IHost Build(IDictionary<string, string?> settings, bool consume = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBazaarDbContext<LedgerDb>();
        var messaging = builder.AddMessaging<LedgerDb>("ledger");
        if (consume)
        {
            messaging.Handle<ThingHappened, RecordThing>().Handle<PoisonArrived, AlwaysThrow>();
        }

        return builder.Build();
    }

    public static async Task EnsureDatabaseAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LedgerDb>().Database.EnsureCreatedAsync();
    }
}
