using Bazaar.Reviews;
using Bazaar.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReviews();

var app = builder.Build();
app.UseServiceDefaults();
app.MapReviews();
await app.InitializeReviewsAsync();
await app.RunAsync();
