using System.Security.Claims;
using Bazaar.Catalog.Data;
using Bazaar.Contracts.Catalog;
using Bazaar.Messaging;
using Bazaar.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Catalog.Products;

public static partial class CreateProduct
{
    /// <param name="InitialStock">Units on hand to start with; Inventory receives them in ProductCreated.</param>
    /// <param name="VendorId">The owning vendor, set by an admin; a vendor always owns what it creates.</param>
    public sealed record Request(
        string? Sku,
        string? Name,
        string? Description,
        Guid? CategoryId,
        decimal? Price,
        string? Currency,
        List<string>? Tags,
        List<string>? Images,
        Dictionary<string, string>? Attributes,
        int? InitialStock,
        Guid? VendorId,
        string? TaxClass = null) : IProductInput;

    /// <summary>What adding a product came to: the product, or why not.</summary>
    internal sealed record Outcome(Product? Product, Dictionary<string, string[]> Errors, string? TakenSku);

    public static RouteGroupBuilder MapCreateProduct(this RouteGroupBuilder group)
    {
        group.MapPost("/", HandleAsync)
            .RequireAuthorization(CatalogPolicies.Editor)
            .WithName("CreateProduct")
            .WithSummary("Create a product (admin or vendor; a vendor owns what it creates)");
        return group;
    }

    internal static async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        ClaimsPrincipal principal,
        HttpContext http,
        CatalogDb db,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var owner = principal.IsInRole(Roles.Admin) ? request.VendorId : principal.UserId();
        if (owner is null && !principal.IsInRole(Roles.Admin))
        {
            return ProductProblems.NotYours();
        }

        var outcome = await AddAsync(db, request, owner, clock.GetUtcNow(), cancellationToken);
        if (outcome.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(outcome.Errors, title: "The product is not valid");
        }

        if (outcome.TakenSku is not null)
        {
            return ProductProblems.SkuTaken(outcome.TakenSku);
        }

        var product = outcome.Product!;
        db.Audit(principal, ProductAudit.Entity, product.Id, "created", null, ProductAudit.Of(product));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ProductAccess.IsSkuTaken(ex))
        {
            return ProductProblems.SkuTaken(product.Sku);
        }

        LogCreated(loggers.CreateLogger(typeof(CreateProduct)), product.Id, product.Sku, product.VendorId);
        var response = await db.Products.AsNoTracking().Where(p => p.Id == product.Id).Select(ProductResponse.FromProduct).FirstAsync(cancellationToken);
        http.Response.Headers.ETag = ProductETag.Of(response.Version);
        return TypedResults.Created($"/api/products/{product.Id}", response);
    }

    /// <summary>
    /// Validates and adds a product with its ProductCreated event, without saving: the route saves
    /// one, the demo seed many at once. Both go through here, so Inventory hears of every product.
    /// </summary>
    internal static async Task<Outcome> AddAsync(CatalogDb db, Request request, Guid? owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var fields = await ProductRules.CheckAsync(request, db, errors, cancellationToken);
        ProductRules.CheckInitialStock(request.InitialStock, errors);

        if (fields is null || errors.Count > 0)
        {
            return new Outcome(null, errors, null);
        }

        if (await db.Products.AnyAsync(p => p.Sku == fields.Sku, cancellationToken))
        {
            return new Outcome(null, errors, fields.Sku);
        }

        return new Outcome(Add(db, fields, owner, request.InitialStock ?? 0, now), errors, null);
    }

    /// <summary>Adds a validated product with its ProductCreated event, without saving (the route, the seed and the CSV import).</summary>
    internal static Product Add(CatalogDb db, ProductFields fields, Guid? owner, int initialStock, DateTimeOffset now)
    {
        var product = Product.Create(fields, owner, initialStock, now);
        db.Products.Add(product);
        db.AddEvent(new ProductCreated(
            product.Id, product.Sku, product.Name, product.CategoryId, product.Price, product.Currency, product.VendorId, initialStock, product.CreatedAt));
        return product;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Product {ProductId} ({Sku}) created, vendor {VendorId}")]
    private static partial void LogCreated(ILogger logger, Guid productId, string sku, Guid? vendorId);
}
