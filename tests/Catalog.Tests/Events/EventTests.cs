using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bazaar.Contracts.Inventory;
using Bazaar.Contracts.Reviews;
using Bazaar.TestSupport;
using RabbitMQ.Client;

namespace Bazaar.Catalog.Tests.Events;

public sealed class EventTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_PublishesProductCreatedWithInitialStock()
    {
        var factory = new ConnectionFactory { Uri = new Uri(app.Infrastructure.RabbitMqConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(Token);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Token);
        await channel.ExchangeDeclareAsync(app.Exchange, ExchangeType.Topic, durable: true, cancellationToken: Token);
        var queue = (await channel.QueueDeclareAsync(exclusive: true, cancellationToken: Token)).QueueName;
        await channel.QueueBindAsync(queue, app.Exchange, "ProductCreated", cancellationToken: Token);
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        using var vendor = app.Vendor(out var vendorId);

        var product = await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, "Evented", 9.99m, initialStock: 42), vendor);

        // The queue may also receive other tests' ProductCreated: one sent before any queue was
        // bound stays in the outbox and is sent again, and this queue is then bound.
        JsonElement? body = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                while (await channel.BasicGetAsync(queue, autoAck: true, Token) is { } message)
                {
                    var received = JsonDocument.Parse(Encoding.UTF8.GetString(message.Body.Span)).RootElement.Clone();
                    if (received.GetProperty("productId").GetGuid() == product.Id)
                    {
                        body = received;
                    }
                }

                return body is not null;
            },
            Deadline,
            "ProductCreated of the new product on the exchange");
        Assert.Equal(product.Sku, body!.Value.GetProperty("sku").GetString());
        Assert.Equal(42, body.Value.GetProperty("initialStock").GetInt32());
        Assert.Equal(vendorId, body.Value.GetProperty("vendorId").GetGuid());
        Assert.Equal(9.99m, body.Value.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task StockLevelChanged_ChangesStockStatus_AndAStaleReportChangesNothing()
    {
        var product = await NewProductAsync();
        await WaitUntilConsumingAsync();
        var at = DateTimeOffset.UtcNow;

        await TestEvents.PublishAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange, new StockLevelChanged(product.Id, 2, 0, 2, "low_stock", at));
        await Eventually.HoldsAsync(async () => (await GetAsync(product.Id)).StockStatus == "low_stock", Deadline, "low_stock on GET");

        await TestEvents.PublishAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange, new StockLevelChanged(product.Id, 0, 0, 0, "out_of_stock", at.AddSeconds(1)));
        await Eventually.HoldsAsync(async () => (await GetAsync(product.Id)).StockStatus == "out_of_stock", Deadline, "out_of_stock on GET");
        using var client = app.CreateClient();
        Assert.DoesNotContain(product.Id, (await client.ListAsync($"category={product.CategoryId}&inStock=true")).Items.Select(p => p.Id));

        // Older than what was applied: a late redelivery must not bring stale stock back.
        var stale = Guid.CreateVersion7();
        await TestEvents.PublishAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange, new StockLevelChanged(product.Id, 50, 0, 50, "in_stock", at.AddSeconds(-1)), stale);
        await Eventually.HoldsAsync(() => IsHandledAsync(stale), Deadline, "the stale report handled");
        Assert.Equal("out_of_stock", (await GetAsync(product.Id)).StockStatus);
    }

    [Fact]
    public async Task ProductRatingChanged_ChangesRating()
    {
        var product = await NewProductAsync();
        await WaitUntilConsumingAsync();

        await TestEvents.PublishAsync(app.Infrastructure.RabbitMqConnectionString, app.Exchange, new ProductRatingChanged(product.Id, 4.25m, 8, DateTimeOffset.UtcNow));

        await Eventually.HoldsAsync(async () => (await GetAsync(product.Id)).Rating == new RatingBody(4.25m, 8), Deadline, "rating 4.25 (8) on GET");
        using var client = app.CreateClient();
        var sorted = await client.ListAsync("sort=-rating&pageSize=1");
        Assert.Equal(product.Id, sorted.Items[0].Id);
    }

    [Fact]
    public async Task Update_And_Archive_AreInTheOutbox()
    {
        var product = await NewProductAsync();
        using var admin = app.Admin();
        await admin.PutAsJsonAsync($"/api/products/{product.Id}", new { product.Sku, name = "Renamed", product.CategoryId, price = 3m }, Token);
        await admin.DeleteAsync($"/api/products/{product.Id}", Token);

        await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT event_name FROM outbox_messages WHERE payload->>'productId' = @id ORDER BY id", connection);
        command.Parameters.AddWithValue("id", product.Id.ToString());
        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["ProductCreated", "ProductUpdated", "ProductArchived"], names);
    }

    private async Task<ProductBody> NewProductAsync()
    {
        var category = await app.CreateCategoryAsync($"Shelf {Guid.NewGuid():N}");
        return await app.CreateProductAsync(CatalogApp.NewProduct(category.Id, initialStock: 10));
    }

    private async Task<ProductBody> GetAsync(Guid id)
    {
        using var client = app.CreateClient();
        return (await client.GetFromJsonAsync<ProductBody>($"/api/products/{id}", Token))!;
    }

    private async Task<bool> IsHandledAsync(Guid messageId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM inbox_messages WHERE message_id = @id", connection);
        command.Parameters.AddWithValue("id", messageId);
        return (long)(await command.ExecuteScalarAsync(Token))! > 0;
    }

    private Task WaitUntilConsumingAsync() => Eventually.HoldsAsync(
        () => TestEvents.IsConsumingAsync(app.Infrastructure.RabbitMqConnectionString, app.Queue), TimeSpan.FromSeconds(30), "the catalog consuming its queue");
}
