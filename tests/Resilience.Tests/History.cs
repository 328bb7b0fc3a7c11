using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bazaar.Resilience.Tests;

/// <summary>What the shoppers saw and when the faults came: the record the invariants and the figures are read from.</summary>
public sealed class History
{
    private readonly ConcurrentQueue<(AcceptedCheckout Checkout, DateTimeOffset At)> accepted = new();
    private readonly ConcurrentQueue<(string Fault, DateTimeOffset At)> faults = new();
    private readonly ConcurrentDictionary<Shopper, int> gaveUp = new();
    private int requests;
    private int failures;

    public IReadOnlyList<AcceptedCheckout> Accepted => accepted.Select(a => a.Checkout).ToList();

    /// <summary>Requests the shoppers made, and those that failed as they saw it (a 5xx, a timeout, a refused connection).</summary>
    public int Requests => requests;

    public int Failures => failures;

    public void Accept(AcceptedCheckout checkout) => accepted.Enqueue((checkout, DateTimeOffset.UtcNow));

    /// <summary>The shopper gave up on a checkout after an attempt that failed without an answer (the shop may have made the order).</summary>
    public void Unanswered(Shopper shopper) => gaveUp.AddOrUpdate(shopper, 1, (_, n) => n + 1);

    public int GaveUp => gaveUp.Values.Sum();

    public int GaveUpBy(Shopper shopper) => gaveUp.GetValueOrDefault(shopper);

    /// <summary>
    /// Adds each order the shop holds for a shopper that the shopper was never answered 202 for (its
    /// answer was lost in a fault and the retries did not get it back): it is part of the history,
    /// paid or not, so that stock, mails and sales are counted with it.
    /// </summary>
    public async Task AddOrdersNeverAnsweredAsync(IEnumerable<Shopper> shoppers)
    {
        var known = accepted.Select(a => a.Checkout.OrderId).ToHashSet();
        foreach (var shopper in shoppers)
        {
            for (var page = 1; ; page++)
            {
                var list = await shopper.Client.GetFromJsonAsync<JsonElement>($"/api/orders?page={page}&pageSize=100");
                foreach (var id in list.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Where(id => !known.Contains(id)))
                {
                    accepted.Enqueue((new AcceptedCheckout(shopper, id, Declined: false, Cancel: false) { NeverAnswered = true }, DateTimeOffset.UtcNow));
                }

                if (page >= list.GetProperty("totalPages").GetInt32())
                {
                    break;
                }
            }
        }
    }

    public void Fault(string fault) => faults.Enqueue((fault, DateTimeOffset.UtcNow));

    /// <summary>Sends one request; null when it failed without an answer. Either way it is counted.</summary>
    public async Task<HttpResponseMessage?> TryAsync(Func<Task<HttpResponseMessage>> send)
    {
        Interlocked.Increment(ref requests);
        try
        {
            var response = await send();
            if ((int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref failures);
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref failures);
            return null;
        }
    }

    /// <summary>Waits until <paramref name="count"/> more checkouts were accepted: the shop is taking orders again.</summary>
    public async Task FlowingAsync(int count, string when)
    {
        var target = accepted.Count + count;
        var waited = Stopwatch.StartNew();
        while (accepted.Count < target)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"no {count} checkouts accepted in 2 minutes {when} (faults so far: {string.Join(", ", faults.Select(f => f.Fault))})");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>For each fault, the longest time between two accepted checkouts from the fault until the next one.</summary>
    public IEnumerable<(string Fault, TimeSpan Longest)> Gaps()
    {
        var times = accepted.Select(a => a.At).Order().ToList();
        var list = faults.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var (fault, from) = list[i];
            var until = i + 1 < list.Count ? list[i + 1].At : times.LastOrDefault();
            var marks = new[] { from }.Concat(times.Where(t => t > from && t <= until)).ToList();
            var longest = marks.Zip(marks.Skip(1), (a, b) => b - a).DefaultIfEmpty(until - from).Max();
            yield return (fault, longest);
        }
    }
}
