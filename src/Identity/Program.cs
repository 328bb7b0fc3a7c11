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
public partial class Program;
