using Bazaar.Cart;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCart();

var app = builder.Build();
app.UseServiceDefaults();
app.MapCart();
await app.RunAsync();
