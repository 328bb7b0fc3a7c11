using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bazaar.ServiceDefaults.Auth;

/// <summary>This service's own client credentials at Identity ("ServiceAuth" section).</summary>
public sealed class ServiceAuthOptions
{
    public const string Section = "ServiceAuth";

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Identity's token endpoint, reached directly (not through the gateway).</summary>
    public string TokenUrl { get; set; } = "http://127.0.0.1:5101/api/auth/token";
}

/// <summary>Gives out a service access token (client_credentials), fetched once and reused until shortly before it expires.</summary>
public interface IServiceTokenSource
{
    Task<string> GetAsync(CancellationToken cancellationToken);
}

internal sealed class ClientCredentialsTokenSource(IHttpClientFactory http, IOptions<ServiceAuthOptions> options, TimeProvider clock) : IServiceTokenSource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (current is { } cached && clock.GetUtcNow() < cached.RenewAt)
        {
            return cached.Token;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (current is { } again && clock.GetUtcNow() < again.RenewAt)
            {
                return again.Token;
            }

            var settings = options.Value;
            using var client = http.CreateClient("service-token");
            using var response = await client.PostAsync(settings.TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.ClientId,
                ["client_secret"] = settings.ClientSecret,
            }), cancellationToken);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new InvalidOperationException("Identity answered the token request with nothing.");
            // Renewed a minute early, so a token never expires on its way to the other service.
            current = (token.AccessToken, clock.GetUtcNow().AddSeconds(Math.Max(0, token.ExpiresIn - 60)));
            return token.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}

/// <summary>Adds this service's token to every request of an internal HttpClient.</summary>
public sealed class ServiceTokenHandler(IServiceTokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}

public static class ServiceTokenExtensions
{
    /// <summary>
    /// An HttpClient for another service's internal routes: base address from Services:{service}
    /// (the launcher passes every service's URLs; several instances: <see cref="ServiceInstances"/>),
    /// this service's client_credentials token on every request, the standard resilience handler
    /// from the defaults.
    /// </summary>
    public static IHttpClientBuilder AddInternalClient<TClient>(this IHostApplicationBuilder builder, string service)
        where TClient : class
    {
        builder.Services.AddOptions<ServiceAuthOptions>().BindConfiguration(ServiceAuthOptions.Section);
        builder.Services.AddHttpClient("service-token");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IServiceTokenSource, ClientCredentialsTokenSource>();
        builder.Services.AddTransient<ServiceTokenHandler>();
        var address = ServiceInstances.BaseAddressOf(builder.Configuration, service);
        return builder.Services.AddHttpClient<TClient>(client => client.BaseAddress = address)
            .AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
