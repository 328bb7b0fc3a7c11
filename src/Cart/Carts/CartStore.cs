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
/// Carts in Redis: one hash per user (product id → quantity) and a revision counter beside it.
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

    /// <summary>The cart's keys share the hash tag {userId}, so a Redis cluster keeps them on one node (scripts need that).</summary>
    internal static RedisKey[] Keys(Guid userId) => [$"cart:{{{userId:N}}}", $"cart:{{{userId:N}}}:revision"];

    public async Task<CartSnapshot> ReadAsync(Guid userId)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ReadScript, Keys(userId)))!;
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

    public async Task<AddResult> AddAsync(Guid userId, Guid productId, int quantity)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(AddScript, Keys(userId),
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
    public async Task<bool> SetAsync(Guid userId, Guid productId, int quantity) =>
        (int)await Db.ScriptEvaluateAsync(SetScript, Keys(userId), [LifetimeMs, Field(productId), quantity]) == 1;

    /// <summary>Removes a line; false when it was not there.</summary>
    public async Task<bool> RemoveAsync(Guid userId, Guid productId) =>
        (int)await Db.ScriptEvaluateAsync(RemoveScript, Keys(userId), [LifetimeMs, Field(productId)]) == 1;

    public Task ClearAsync(Guid userId) => Db.ScriptEvaluateAsync(ClearScript, Keys(userId), [LifetimeMs]);

    /// <summary>Takes what an order was placed for out of the cart (all of it, unless lines were added meanwhile).</summary>
    public Task TakeAsync(Guid userId, IReadOnlyList<CartLine> ordered)
    {
        var values = new List<RedisValue>(1 + ordered.Count * 2) { LifetimeMs };
        foreach (var line in ordered)
        {
            values.Add(Field(line.ProductId));
            values.Add(line.Quantity);
        }

        return Db.ScriptEvaluateAsync(TakeScript, Keys(userId), [.. values]);
    }

    private static RedisValue Field(Guid productId) => productId.ToString("D");
}
