using Bazaar.LocalInfrastructure;

namespace Bazaar.Web.Tests;

/// <summary>The platform's second, short-token entrance, for the tests of silent token refresh.</summary>
public sealed partial class WebPlatform
{
    /// <summary>The access token lifetime of the second, short-token entrance (<see cref="ShortTokenGatewayAsync"/>).</summary>
    public static readonly TimeSpan ShortTokenLifetime = TimeSpan.FromSeconds(20);

    private Uri? shortTokenGateway;

    /// <summary>
    /// A second entrance to the same platform whose Identity issues access tokens that live only
    /// <see cref="ShortTokenLifetime"/>: its own Identity (same database, keys and issuer, so every
    /// service accepts its tokens), web app and gateway (its API routes to the shared services).
    /// Started on first use, for the tests of silent token refresh only.
    /// </summary>
    public async Task<Uri> ShortTokenGatewayAsync()
    {
        await starting.WaitAsync();
        try
        {
            if (shortTokenGateway is null)
            {
                var urls = new Dictionary<string, string>(Urls)
                {
                    ["identity"] = $"http://127.0.0.1:{Ports.Free()}",
                    ["web"] = $"http://127.0.0.1:{Ports.Free()}",
                    ["gateway"] = $"http://127.0.0.1:{Ports.Free()}",
                };
                var identity = EnvironmentOf("identity", urls);
                identity["Identity__AccessTokenLifetime"] = ShortTokenLifetime.ToString("c");
                StartWeb("web-short", urls["web"], urls["gateway"]);
                Start("identity", identity, "identity-short", urls["identity"]);
                Start("gateway", EnvironmentOf("gateway", urls), "gateway-short", urls["gateway"]);
                await WaitUntilReadyAsync("web-short", "identity-short", "gateway-short");
                shortTokenGateway = new Uri(urls["gateway"]);

                // Cold, the new web app's first pages can take longer than a browser step's timeout on
                // a loaded machine: render the ones a test starts with once first.
                using var warmUp = new HttpClient { BaseAddress = shortTokenGateway, Timeout = TimeSpan.FromMinutes(2) };
                foreach (var path in new[] { "/account/register", "/" })
                {
                    using var response = await warmUp.GetAsync(path);
                    response.EnsureSuccessStatusCode();
                }
            }

            return shortTokenGateway;
        }
        finally
        {
            starting.Release();
        }
    }
}
