using Bazaar.Identity;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentity();

var app = builder.Build();
app.UseServiceDefaults();
app.MapIdentity();
await app.InitializeIdentityAsync();
await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
// Not sealed: only a part of the class the compiler makes of the top-level statements, here to make it public for WebApplicationFactory<Program>.
public partial class Program;
