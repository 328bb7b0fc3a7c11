namespace Bazaar.Catalog;

/// <summary>Bound from the "Catalog" configuration section.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>Fills an empty catalog with the demo categories and products at start (Development only by default).</summary>
    public bool SeedDemoData { get; set; }
}

/// <summary>Who may do what in the catalog, beyond ServiceDefaults' admin and service policies.</summary>
public static class CatalogPolicies
{
    /// <summary>Creates products and edits them (ownership is checked per product).</summary>
    public const string Editor = "catalog-editor";

    /// <summary>Internal routes: other services, and admins for troubleshooting.</summary>
    public const string ServiceOrAdmin = "catalog-service-or-admin";
}
