using Bazaar.Gateway;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseServiceDefaults();
app.MapGateway();
app.Run();

public partial class Program;
