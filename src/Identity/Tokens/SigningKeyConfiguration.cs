using Bazaar.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Bazaar.Identity.Tokens;

/// <summary>
/// Hands JwtBearer the keys straight from the key store: Identity checks its own tokens without
/// fetching its own JWKS over HTTP (which would need it to be up before it can start).
/// </summary>
internal sealed class SigningKeyConfiguration(SigningKeyStore store, IOptions<AuthOptions> auth)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    private OpenIdConnectConfiguration? configuration;

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        if (configuration is null)
        {
            var built = new OpenIdConnectConfiguration { Issuer = auth.Value.Issuer };
            foreach (var key in store.PublicKeys)
            {
                built.SigningKeys.Add(key);
            }

            configuration = built;
        }

        return Task.FromResult(configuration);
    }

    public void RequestRefresh()
    {
        // The keys only change with a restart; there is nothing to fetch again.
    }
}
