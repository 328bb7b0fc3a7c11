using Bazaar.Catalog;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCatalog();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCatalog();
await app.InitializeCatalogAsync();
await app.RunAsync();
