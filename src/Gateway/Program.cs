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

// Not sealed: only a part of the class the compiler makes of the top-level statements, here to make it public (no test uses it as WebApplicationFactory<Program> today).
public partial class Program;
