using Bazaar.ServiceDefaults;
using Bazaar.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddWeb();

var app = builder.Build();
app.UseServiceDefaults();
app.MapWeb();
app.Run();
