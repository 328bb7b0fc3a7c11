using Bazaar.Notifications;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddNotifications();

var app = builder.Build();
app.UseServiceDefaults();
app.MapNotifications();
await app.InitializeNotificationsAsync();
await app.RunAsync();
