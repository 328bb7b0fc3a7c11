using System.Text.Json;
using Bazaar.Analytics.Events;
using Bazaar.Contracts;
using Bazaar.Contracts.Ordering;
using Bazaar.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Bazaar.Analytics.Tests.Events;

/// <summary>Every integration event of the platform becomes exactly one row, typed and dated as it says.</summary>
public sealed class ContractEventsTests(AnalyticsApp app) : IClassFixture<AnalyticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Happened = new(2025, 5, 20, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> EventNames => [.. ContractEvents().Select(t => t.Name)];

    private static IEnumerable<Type> ContractEvents() => typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .OrderBy(t => t.Name);

    [Theory]
    [MemberData(nameof(EventNames))]
    public async Task IntegrationEvent_Published_RecordedOnceAsARow(string eventName)
    {
        var type = ContractEvents().Single(t => t.Name == eventName);
        var @event = Sample(type);
        // Other tests of this class record events of the same name (OrderPaid_SeenByTheSalesRollup): only the new rows count.
        var before = (await app.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.Source == eventName).Select(e => e.Id).ToListAsync(Cancel))).ToHashSet();

        await app.HandledAsync(@event);

        var rows = await app.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.Source == eventName).ToListAsync(Cancel));
        var row = Assert.Single(rows, r => !before.Contains(r.Id));
        Assert.Equal(IntegrationEventRows.TypeOf(eventName), row.Type);
        // As sent, but for the secrets the store never keeps (the account mails' tokens).
        Assert.Equivalent(IntegrationEventRows.Redacted(@event), JsonSerializer.Deserialize(row.Properties, type, EventSerializer.Options), strict: true);
        var carriesItsTime = type.GetProperties().Any(p => p.PropertyType == typeof(DateTimeOffset) && p.Name != "ExpiresAt" && p.Name != "ReservedUntil");
        if (carriesItsTime)
        {
            Assert.Equal(Happened, row.OccurredAt);
        }

        var ids = (row.UserId, row.ProductId, row.OrderId);
        Assert.NotEqual((null, null, null), ids);
    }

    [Fact]
    public async Task TokenBearingEvents_RecordedWithoutTheirTokens()
    {
        var userId = Guid.CreateVersion7();
        var token = Convert.ToBase64String(Guid.NewGuid().ToByteArray());

        await app.HandledAsync(new Contracts.Identity.PasswordResetRequested(userId, "a@example.com", "A", token, Happened));
        await app.HandledAsync(new Contracts.Identity.EmailVerificationRequested(userId, "a@example.com", "A", token, Happened));
        await app.HandledAsync(new Contracts.Ordering.GuestCheckedOut(Guid.CreateVersion7(), userId, "A", "a@example.com", token, Happened));

        var rows = await app.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.UserId == userId).Select(e => e.Properties).ToListAsync(Cancel));
        Assert.Equal(3, rows.Count);
        Assert.All(rows, properties => Assert.DoesNotContain(token, properties));
        Assert.All(rows, properties => Assert.Contains(IntegrationEventRows.Redaction, properties));
    }

    [Fact]
    public async Task OrderPaid_SeenByTheSalesRollup()
    {
        var paid = (OrderPaid)Sample(typeof(OrderPaid));

        await app.HandledAsync(paid);

        var order = await app.WithDbAsync(db => db.PaidOrders.AsNoTracking().SingleAsync(o => o.OrderId == paid.OrderId, Cancel));
        Assert.Equal((paid.TotalPrice, "USD", Happened), (order.Total, order.Currency, order.PaidAt));
    }

    /// <summary>An instance of <paramref name="type"/> with a value in every field, times at <see cref="Happened"/>.</summary>
    private static IIntegrationEvent Sample(Type type)
    {
        var constructor = type.GetConstructors().Single();
        return (IIntegrationEvent)constructor.Invoke([.. constructor.GetParameters().Select(p => Value(p.ParameterType))]);
    }

    private static object? Value(Type type) => type switch
    {
        _ when type == typeof(Guid) || type == typeof(Guid?) => Guid.CreateVersion7(),
        _ when type == typeof(string) => "USD",
        _ when type == typeof(decimal) => 12.50m,
        _ when type == typeof(int) => 2,
        _ when type == typeof(bool) => true,
        _ when type == typeof(DateTimeOffset) => Happened,
        _ when type == typeof(IReadOnlyList<string>) => new[] { "customer" },
        _ when type == typeof(IReadOnlyList<Guid>) => new[] { Guid.CreateVersion7() },
        _ when type == typeof(IReadOnlyList<OrderLine>) => new[] { new OrderLine(Guid.CreateVersion7(), "Lamp", 1, 12.50m) },
        _ when type == typeof(JsonElement?) => JsonDocument.Parse("{\"price\":12.5}").RootElement,
        _ when type == typeof(IReadOnlyList<StockLine>) => new[] { new StockLine(Guid.CreateVersion7(), 1) },
        _ when type == typeof(IReadOnlyList<ReturnedLine>) => new[] { new ReturnedLine(Guid.CreateVersion7(), Guid.CreateVersion7(), 1, 12.50m) },
        _ => throw new NotSupportedException($"No sample value for {type}"),
    };
}
