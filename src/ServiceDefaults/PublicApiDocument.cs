using Microsoft.AspNetCore.OpenApi;

namespace Bazaar.ServiceDefaults;

/// <summary>
/// The OpenAPI document is public (the gateway serves every service's at /openapi/{name}.json), so
/// routes under /internal, for other services only, never enter it. They are left out before the
/// document is built rather than cut from it afterwards, so their request and response schemas do
/// not linger in the components either.
/// </summary>
public static class PublicApiDocument
{
    public const string InternalPrefix = "internal";

    public static OpenApiOptions KeepInternalRoutesOut(this OpenApiOptions options)
    {
        var byDocument = options.ShouldInclude;
        options.ShouldInclude = description => byDocument(description) && !IsInternal(description.RelativePath);
        return options;
    }

    /// <summary>ApiExplorer's relative path has no leading slash: "internal/products/lookup".</summary>
    public static bool IsInternal(string? relativePath) =>
        relativePath is not null
        && relativePath.TrimStart('/').Split('/', 2)[0].Equals(InternalPrefix, StringComparison.OrdinalIgnoreCase);
}
