using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Bazaar.AppHost;
using Xunit;
using LaunchPlan = Bazaar.AppHost.Platform;

namespace Bazaar.Platform.Tests;

/// <summary>What the running shop tells anyone who asks: no server banner, no internal routes in its documents, nothing private kept in caches.</summary>
public sealed class PublicSurfaceTests(RunningPlatform platform)
{
    private static readonly string[] DocumentedServices =
        LaunchPlan.Services.Where(s => s.Name is not ("gateway" or "web")).Select(s => s.Name).ToArray();

    [Fact]
    public async Task EveryService_AnswersWithoutAServerHeader_ErrorsIncluded()
    {
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var client = platform.CreateClient();
        var answers = new List<HttpResponseMessage>();
        foreach (var service in LaunchPlan.Services)
        {
            answers.Add(await direct.GetAsync($"{platform.ServiceUrl(service.Name)}/health/live"));
            answers.Add(await direct.GetAsync($"{platform.ServiceUrl(service.Name)}/api/no-such-route"));
        }

        answers.Add(await client.GetAsync("/api/products"));
        answers.Add(await client.GetAsync("/api/no-such-route"));
        answers.Add(await client.GetAsync("/"));
        answers.Add(await client.GetAsync("/no-such-page"));

        foreach (var answer in answers)
        {
            Assert.False(answer.Headers.Contains("Server"), $"{answer.RequestMessage?.RequestUri} ({(int)answer.StatusCode}) sent Server: {answer.Headers.Server}");
            answer.Dispose();
        }

        // A request Kestrel itself refuses (HTTP/1.1 without Host) never reaches the app: its 400 too.
        foreach (var service in LaunchPlan.Services)
        {
            var head = await RawAnswerHeadAsync(new Uri(platform.ServiceUrl(service.Name)), "GET / HTTP/1.1\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 400", head);
            Assert.DoesNotContain("\r\nServer:", head, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task EveryOpenApiDocument_ListsNoInternalRoute()
    {
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var client = platform.CreateClient();
        var documents = new Dictionary<string, JsonElement>();
        foreach (var service in LaunchPlan.Services)
        {
            documents[$"{service.Name} /openapi/v1.json"] = await ReadDocumentAsync(direct, $"{platform.ServiceUrl(service.Name)}/openapi/v1.json");
        }

        foreach (var name in DocumentedServices)
        {
            documents[$"gateway /openapi/{name}.json"] = await ReadDocumentAsync(client, $"/openapi/{name}.json");
        }

        foreach (var (document, content) in documents)
        {
            var paths = content.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
            Assert.False(
                paths.Any(path => path.StartsWith("/internal", StringComparison.OrdinalIgnoreCase)),
                $"{document} lists {string.Join(", ", paths.Where(path => path.StartsWith("/internal", StringComparison.OrdinalIgnoreCase)))}");
        }

        // Catalog's public routes stay; only its internal lookup went.
        Assert.True(documents["gateway /openapi/catalog.json"].GetProperty("paths").TryGetProperty("/api/products/{id}", out _));
    }

    [Fact]
    public async Task PrivateAnswers_AreNotStored_WhileAPublicProductKeepsItsETag()
    {
        using var admin = await Shop.AdminAsync(platform);
        var productId = await Shop.CreateProductAsync(admin, "Private Lamp", 12m, stock: 5);
        await Checkout.StockedAsync(admin, productId, 5);
        var (customer, userId) = await Shop.NewCustomerAsync(platform, "Priya Private");
        var orderId = await Checkout.PlaceOrderAsync(customer, productId, 1, "pm_card_visa");
        await Checkout.WaitForStatusAsync(customer, orderId, "paid");

        foreach (var path in new[] { "/api/users/me", $"/api/orders/{orderId}", $"/api/payments/order/{orderId}", "/api/cart", $"/api/orders/user/{userId}" })
        {
            using var answer = await customer.GetAsync(path);
            Assert.True(answer.IsSuccessStatusCode, $"{path} answered {(int)answer.StatusCode}");
            Assert.True(answer.Headers.CacheControl?.NoStore, $"{path} answered Cache-Control: {answer.Headers.CacheControl}");
            Assert.Contains("no-cache", answer.Headers.Pragma.Select(p => p.Name));
        }

        using var anonymous = platform.CreateClient();
        using var product = await anonymous.GetAsync($"/api/products/{productId}");
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        Assert.NotNull(product.Headers.ETag);
        Assert.Null(product.Headers.CacheControl);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{productId}");
        conditional.Headers.IfNoneMatch.Add(product.Headers.ETag);
        using var unchanged = await anonymous.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public void Launcher_StartsEveryServiceInProduction_WithTheDemoCatalogSeeded()
    {
        var infrastructure = new Infrastructure(db => $"Host=127.0.0.1;Database={db}", "127.0.0.1:6380", "amqp://127.0.0.1:5673/", 1025);

        foreach (var service in LaunchPlan.Services)
        {
            var environment = LaunchPlan.Environment(service, infrastructure, Topology.Development);
            Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal("Production", environment["DOTNET_ENVIRONMENT"]);
            Assert.False(environment.ContainsKey("Bazaar__ShowExceptionDetails"), $"{service.Name} is told to show exception details");
        }

        var catalog = LaunchPlan.Services.Single(s => s.Name == "catalog");
        Assert.Equal("true", LaunchPlan.Environment(catalog, infrastructure, Topology.Development)["Catalog__SeedDemoData"]);
    }

    [Fact]
    public void LauncherForADeveloper_RunsInDevelopmentAndShowsExceptionDetails()
    {
        var infrastructure = new Infrastructure(db => $"Host=127.0.0.1;Database={db}", "127.0.0.1:6380", "amqp://127.0.0.1:5673/", 1025);

        foreach (var service in LaunchPlan.Services)
        {
            var environment = LaunchPlan.Environment(service, infrastructure, Topology.Development, developer: true);
            Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal("true", environment["Bazaar__ShowExceptionDetails"]);
        }
    }

    private static async Task<JsonElement> ReadDocumentAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Sends <paramref name="request"/> as raw bytes and returns the answer up to the end of its headers.</summary>
    private static async Task<string> RawAnswerHeadAsync(Uri server, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = received.ToString();
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }
}
