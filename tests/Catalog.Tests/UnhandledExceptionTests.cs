using System.Data.Common;
using System.Net;
using System.Text.Json;
using Bazaar.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Bazaar.Catalog.Tests;

/// <summary>
/// A 500 tells the client that it failed and the trace id to quote, never the exception: not in
/// Development either, unless Bazaar:ShowExceptionDetails asks for it.
/// </summary>
public sealed class UnhandledExceptionTests(UnhandledExceptionTests.FailingCatalogApp app) : IClassFixture<UnhandledExceptionTests.FailingCatalogApp>
{
    public const string Secret = "secret-host.internal:5432 refused the connection";

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")]
    [InlineData("*/*")]
    public async Task Unhandled_InDevelopmentWithoutTheFlag_Returns500ProblemWithoutExceptionText(string accept)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Accept", accept);

        var response = await client.GetAsync("/api/categories", TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Null(HostileQueries.Internals(body));
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task Unhandled_WithShowExceptionDetails_Returns500WithTheException()
    {
        await using var showing = new ShowingCatalogApp(app.Infrastructure);
        await showing.InitializeAsync();
        using var client = showing.CreateClient();

        var response = await client.GetAsync("/api/categories", TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(Secret, body, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), body, StringComparison.Ordinal);
    }

    /// <summary>Catalog in Development whose database reads of categories fail once it is up.</summary>
    // Not sealed: ShowingCatalogApp is the same failing Catalog with exception details shown.
    public class FailingCatalogApp(InfrastructureFixture infrastructure) : CatalogApp(infrastructure)
    {
        private readonly FailingReads failing = new();

        protected virtual bool ShowExceptionDetails => false;

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            failing.Armed = true;
        }

        protected override void AddSettings(IDictionary<string, string?> settings)
        {
            if (ShowExceptionDetails)
            {
                settings["Bazaar:ShowExceptionDetails"] = "true";
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
            builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(failing));
        }
    }

    public sealed class ShowingCatalogApp(InfrastructureFixture infrastructure) : FailingCatalogApp(infrastructure)
    {
        protected override bool ShowExceptionDetails => true;
    }

    private sealed class FailingReads : DbCommandInterceptor
    {
        public volatile bool Armed;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            Armed && command.CommandText.Contains("FROM categories", StringComparison.Ordinal)
                ? throw new InvalidOperationException(Secret)
                : base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
