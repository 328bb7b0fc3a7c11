using Bazaar.Analytics;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAnalytics();

var app = builder.Build();
app.UseServiceDefaults();
app.MapAnalytics();
await app.InitializeAnalyticsAsync();
await app.RunAsync();
