using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bazaar.TestSupport;

/// <summary>
/// A second instance of a running service, as a second replica of its Deployment: the first one's
/// database, Redis, exchange and queue (its ConnectionStrings and Messaging settings), plus the
/// settings sections named, read from the first instance's configuration. It trusts the first
/// one's test tokens; <paramref name="configureServices"/> replaces what else the two must share
/// (the outside world: a card processor, say).
/// </summary>
public sealed class AnotherInstance<TDb>(ServiceApp<TDb> first, string[] sections, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<TDb>
    where TDb : DbContext
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var configuration = first.Services.GetRequiredService<IConfiguration>();
        foreach (var section in sections.Append("ConnectionStrings").Append("Messaging"))
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(s => s.Value is not null))
            {
                builder.UseSetting(key, value);
            }
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            first.Tokens.TrustIn(services);
            configureServices?.Invoke(services);
        });
    }
}
