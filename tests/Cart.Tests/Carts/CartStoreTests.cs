using Bazaar.Cart.Carts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bazaar.Cart.Tests.Carts;

/// <summary>The Redis scripts themselves, against the real Redis, with limits small enough to reach.</summary>
[Collection(CartCollection.Name)]
public sealed class CartStoreTests(CartStack stack) : IAsyncLifetime
{
    private ConnectionMultiplexer redis = null!;
    private CartStore store = null!;

    public async ValueTask InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(stack.RedisConnectionString);
        store = new CartStore(redis, Options.Create(new CartOptions { MaxLines = 2, Lifetime = TimeSpan.FromDays(30) }));
    }

    [Fact]
    public async Task Add_NewLineBeyondMaxLines_IsRefusedButExistingLinesGrow()
    {
        var user = CartOwner.User(Guid.NewGuid());
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await store.AddAsync(user, a, 1);
        await store.AddAsync(user, b, 1);

        var third = await store.AddAsync(user, Guid.NewGuid(), 1);
        var more = await store.AddAsync(user, a, 4);

        Assert.Equal(AddOutcome.TooManyLines, third.Outcome);
        Assert.Equal(new AddResult(AddOutcome.Added, 5), more);
        Assert.Equal(2, (await store.ReadAsync(user)).Lines.Count);
    }

    [Fact]
    public async Task EveryChange_RaisesRevisionAndRestartsLifetime()
    {
        var user = CartOwner.User(Guid.NewGuid());
        var product = Guid.NewGuid();

        await store.AddAsync(user, product, 1);
        var afterAdd = await store.ReadAsync(user);
        await store.SetAsync(user, product, 3);
        var afterSet = await store.ReadAsync(user);
        await store.ClearAsync(user);
        var afterClear = await store.ReadAsync(user);

        Assert.True(afterAdd.Revision < afterSet.Revision && afterSet.Revision < afterClear.Revision);
        Assert.Empty(afterClear.Lines);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(CartStore.Keys(user)[1]);
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task Take_AfterLinesWereAddedMeanwhile_RemovesOnlyWhatWasOrdered()
    {
        var user = CartOwner.User(Guid.NewGuid());
        var (ordered, addedLater) = (Guid.NewGuid(), Guid.NewGuid());
        await store.AddAsync(user, ordered, 2);
        var atCheckout = await store.ReadAsync(user);
        await store.AddAsync(user, ordered, 1);
        await store.AddAsync(user, addedLater, 4);

        await store.TakeAsync(user, atCheckout.Lines);

        Assert.Equal(
            [new CartLine(ordered, 1), new CartLine(addedLater, 4)],
            (await store.ReadAsync(user)).Lines.OrderBy(l => l.Quantity));
    }

    public async ValueTask DisposeAsync() => await redis.DisposeAsync();
}
