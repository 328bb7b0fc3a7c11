using Bazaar.Payments;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddPayments();

var app = builder.Build();
app.UseServiceDefaults();
app.MapPayments();
await app.InitializePaymentsAsync();
await app.RunAsync();
