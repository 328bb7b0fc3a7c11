using Bazaar.Ordering;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOrdering();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOrdering();
await app.InitializeOrderingAsync();
await app.RunAsync();
