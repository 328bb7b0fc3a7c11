using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bazaar.Cart.Carts;

/// <summary>A product in a cart and how many of it, as stored.</summary>
public sealed record CartLine(Guid ProductId, int Quantity);

/// <summary>A cart's lines read together with its revision, which every change raises.</summary>
public sealed record CartSnapshot(IReadOnlyList<CartLine> Lines, long Revision);

public enum AddOutcome
{
    Added,

    /// <summary>The line would hold more than <see cref="CartOptions.MaxQuantity"/>; nothing changed.</summary>
    OverMaxQuantity,

    /// <summary>A new line would exceed <see cref="CartOptions.MaxLines"/>; nothing changed.</summary>
    TooManyLines,
}

/// <param name="Quantity">The line's quantity after the add, or before it when refused.</param>
public readonly record struct AddResult(AddOutcome Outcome, int Quantity);

/// <summary>
/// Carts in Redis: one hash per owner, a user or a guest (product id → quantity), and a revision
/// counter beside it.
/// Every change is one Lua script, so checks and writes are atomic (concurrent adds never pass
/// the cap) and each change raises the revision and restarts the cart's lifetime.
/// </summary>
public sealed class CartStore(IConnectionMultiplexer redis, IOptions<CartOptions> options)
{
    // KEYS[1] the cart hash, KEYS[2] its revision; ARGV[1] the lifetime in ms.
    private const string Touch = """
        redis.call('INCR', KEYS[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        """;

    // ARGV[2] product, ARGV[3] units to add, ARGV[4] max per line, ARGV[5] max lines.
    private const string AddScript = """
        local current = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
        if current + tonumber(ARGV[3]) > tonumber(ARGV[4]) then return {1, current} end
        if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then return {2, 0} end
        local total = redis.call('HINCRBY', KEYS[1], ARGV[2], ARGV[3])
        """
        + "\n" + Touch + "\n" + """
        return {0, total}
        """;

    private const string SetScript = """
        if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
        """
        + "\n" + Touch + "\n" + """
        return 1
        """;

    private const string RemoveScript = """
        if redis.call('HDEL', KEYS[1], ARGV[2]) == 0 then return 0 end
        """
        + "\n" + Touch + "\n" + """
        return 1
        """;

    private const string ClearScript = """
        redis.call('DEL', KEYS[1])
        """
        + "\n" + Touch + "\n" + """
        return 1
        """;

    // KEYS[3] the marker of this guest cart's merge; ARGV[2] max per line, ARGV[3] max lines,
    // ARGV[4..] pairs of product and units. Lines add up (capped at the max per line); new lines
    // past the max lines are left out. The marker makes a retried merge add nothing again.
    private const string MergeScript = """
        if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[1]) == false then return 0 end
        for i = 4, #ARGV - 1, 2 do
          local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
          if current > 0 or redis.call('HLEN', KEYS[1]) < tonumber(ARGV[3]) then
            redis.call('HSET', KEYS[1], ARGV[i], math.min(current + tonumber(ARGV[i + 1]), tonumber(ARGV[2])))
          end
        end
        """
        + "\n" + Touch + "\n" + """
        return 1
        """;

    private const string ReadScript = """
        return {redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[1])}
        """;

    // ARGV[2..] pairs of product and ordered units: lines added meanwhile (another tab) stay.
    private const string TakeScript = """
        for i = 2, #ARGV - 1, 2 do
          if redis.call('HINCRBY', KEYS[1], ARGV[i], -tonumber(ARGV[i + 1])) <= 0 then
            redis.call('HDEL', KEYS[1], ARGV[i])
          end
        end
        """
        + "\n" + Touch + "\n" + """
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    private long LifetimeMs => (long)options.Value.Lifetime.TotalMilliseconds;

    /// <summary>A cart's keys share its owner's hash tag, so a Redis cluster keeps them on one node (scripts need that).</summary>
    internal static RedisKey[] Keys(CartOwner owner) => [$"cart:{{{owner.Id}}}", $"cart:{{{owner.Id}}}:revision"];

    internal static RedisKey[] Keys(Guid userId) => Keys(CartOwner.User(userId));

    /// <summary>True while the cart has been changed within its lifetime (its revision is kept as long as the cart).</summary>
    public Task<bool> ExistsAsync(CartOwner owner) => Db.KeyExistsAsync(Keys(owner)[1]);

    public Task<CartSnapshot> ReadAsync(Guid userId) => ReadAsync(CartOwner.User(userId));

    public async Task<CartSnapshot> ReadAsync(CartOwner owner)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ReadScript, Keys(owner)))!;
        var fields = (RedisResult[])result[1]!;
        var lines = new List<CartLine>(fields.Length / 2);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            if (Guid.TryParse((string?)fields[i], out var productId) && int.TryParse((string?)fields[i + 1], out var quantity) && quantity > 0)
            {
                lines.Add(new CartLine(productId, quantity));
            }
        }

        return new CartSnapshot(lines, long.Parse((string)result[0]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<AddResult> AddAsync(CartOwner owner, Guid productId, int quantity)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(AddScript, Keys(owner),
            [LifetimeMs, Field(productId), quantity, CartOptions.MaxQuantity, options.Value.MaxLines]))!;
        var outcome = (int)result[0] switch
        {
            0 => AddOutcome.Added,
            1 => AddOutcome.OverMaxQuantity,
            _ => AddOutcome.TooManyLines,
        };
        return new AddResult(outcome, (int)result[1]);
    }

    /// <summary>Sets an existing line's quantity; false when the product is not in the cart.</summary>
    public async Task<bool> SetAsync(CartOwner owner, Guid productId, int quantity) =>
        (int)await Db.ScriptEvaluateAsync(SetScript, Keys(owner), [LifetimeMs, Field(productId), quantity]) == 1;

    /// <summary>Removes a line; false when it was not there.</summary>
    public async Task<bool> RemoveAsync(CartOwner owner, Guid productId) =>
        (int)await Db.ScriptEvaluateAsync(RemoveScript, Keys(owner), [LifetimeMs, Field(productId)]) == 1;

    public Task ClearAsync(CartOwner owner) => Db.ScriptEvaluateAsync(ClearScript, Keys(owner), [LifetimeMs]);

    /// <summary>
    /// Moves a guest's cart into a user's: the guest's lines are added to the user's cart once
    /// (a retry after a failure adds nothing again), then the guest cart and its token are gone.
    /// </summary>
    public async Task MergeAsync(CartOwner guest, Guid userId)
    {
        var lines = await ReadAsync(guest);
        var values = new List<RedisValue>(3 + lines.Lines.Count * 2) { LifetimeMs, CartOptions.MaxQuantity, options.Value.MaxLines };
        foreach (var line in lines.Lines)
        {
            values.Add(Field(line.ProductId));
            values.Add(line.Quantity);
        }

        var user = Keys(userId);
        await Db.ScriptEvaluateAsync(MergeScript, [user[0], user[1], $"{user[1]}:merged:{guest.Id}"], [.. values]);
        await Db.KeyDeleteAsync(Keys(guest));
    }

    /// <summary>Takes what an order was placed for out of the cart (all of it, unless lines were added meanwhile).</summary>
    public Task TakeAsync(Guid userId, IReadOnlyList<CartLine> ordered) => TakeAsync(CartOwner.User(userId), ordered);

    public Task TakeAsync(CartOwner owner, IReadOnlyList<CartLine> ordered)
    {
        var values = new List<RedisValue>(1 + ordered.Count * 2) { LifetimeMs };
        foreach (var line in ordered)
        {
            values.Add(Field(line.ProductId));
            values.Add(line.Quantity);
        }

        return Db.ScriptEvaluateAsync(TakeScript, Keys(owner), [.. values]);
    }

    private static RedisValue Field(Guid productId) => productId.ToString("D");
}
