using Bazaar.Inventory;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddInventory();

var app = builder.Build();
app.UseServiceDefaults();
app.MapInventory();
await app.InitializeInventoryAsync();
await app.RunAsync();
