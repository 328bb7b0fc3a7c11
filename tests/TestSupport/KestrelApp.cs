using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace Bazaar.TestSupport;

/// <summary>
/// A service on a real Kestrel port of the test's choosing, with the given settings, for a test
/// whose subject calls it over the network; it trusts <paramref name="tokens"/> when given.
/// </summary>
public sealed class KestrelApp<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> settings;
    private readonly TestTokens? tokens;

    public KestrelApp(int port, Dictionary<string, string?> settings, TestTokens? tokens = null)
    {
        (this.settings, this.tokens) = (settings, tokens);
        UseKestrel(port);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (tokens is not null)
        {
            builder.ConfigureTestServices(tokens.TrustIn);
        }
    }
}
