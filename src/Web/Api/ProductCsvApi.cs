using System.Net.Http.Headers;
using Bazaar.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Bazaar.Web.Api;

/// <summary>A product row the import refused, with the errors per column.</summary>
public sealed record ImportFailure(int Row, Dictionary<string, string[]> Errors);

/// <summary>What Catalog's CSV import did.</summary>
public sealed record ImportSummary(int Created, int Updated, int Unchanged, List<ImportFailure> Failed);

/// <summary>
/// The catalog's CSV import and export. Its own client: a 10 MB import may take tens of seconds,
/// past the attempt timeout every other call keeps (ServiceDefaults' standard resilience handler).
/// </summary>
public sealed class ProductCsvApi(HttpClient http, UserSession session) : GatewayApi(http, session)
{
    /// <summary>Catalog's limit: at most 10 MB per file.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Where the admin pages link to download the export (this site, with the signed-in user's cookie).</summary>
    public const string ExportPath = "/admin/products/export.csv";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient http = http;

    public Task<ApiResult<ImportSummary>> ImportAsync(Stream csv, CancellationToken ct)
    {
        var content = new StreamContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return PostAsync<ImportSummary>("/api/products/import", content, ct);
    }

    /// <summary>
    /// The export, passed through as it streams: a page cannot download with the user's bearer
    /// token, so the link goes to this site, which asks the gateway with the token in the cookie.
    /// </summary>
    public static IEndpointRouteBuilder MapProductCsvExport(IEndpointRouteBuilder app)
    {
        app.MapGet(ExportPath, async (HttpContext context, ProductCsvApi api) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products/export");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await context.GetTokenAsync("access_token"));
            if (AccountEndpoints.ClientIp(context) is { } ip)
            {
                request.Headers.Add("X-Forwarded-For", ip);
            }

            using var response = await api.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            if (response.IsSuccessStatusCode)
            {
                context.Response.Headers.ContentDisposition = "attachment; filename=products.csv";
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = "admin,vendor" });
        return app;
    }
}
