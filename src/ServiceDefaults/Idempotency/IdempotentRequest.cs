using Microsoft.AspNetCore.Http;

namespace Bazaar.ServiceDefaults.Idempotency;

/// <summary>
/// The Idempotency-Key of the request being handled (scoped). The route's filter claims the
/// client's key before the handler runs; a handler may claim a key of its own making instead
/// (Cart derives one from the cart when the client sent none). A handler whose store
/// <see cref="IIdempotencyStore.SavesWithWork"/> stages its answer before its SaveChanges;
/// otherwise the filter records the answer once it is written.
/// </summary>
public sealed class IdempotentRequest(IIdempotencyStore store)
{
    private IdempotencyClaim? claim;

    /// <summary>The key this request runs under, the client's or the handler's; null when none was claimed.</summary>
    public string? Key { get; private set; }

    /// <summary>What "the same request" is for this route (<see cref="IdempotencyKey.Hash"/>), set by the filter.</summary>
    public string RequestHash { get; internal set; } = string.Empty;

    internal bool IsClaimed => claim is not null && !Settled;

    internal bool Staged { get; private set; }

    internal bool Settled { get; private set; }

    internal IIdempotencyStore Store => store;

    /// <summary>Claims <paramref name="key"/> for this request: null when this request owns it, else the answer to give instead.</summary>
    public async Task<IResult?> ClaimAsync(Guid userId, string key, CancellationToken cancellationToken)
    {
        if (claim is not null)
        {
            throw new InvalidOperationException("A request runs under one Idempotency-Key.");
        }

        var outcome = await store.ClaimAsync(userId, key, RequestHash, cancellationToken);
        switch (outcome.Outcome)
        {
            case ClaimOutcome.Claimed:
                (claim, Key) = (outcome, key);
                return null;
            case ClaimOutcome.Replay:
                return new ReplayResult(outcome.Response!);
            case ClaimOutcome.Mismatch:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused",
                    detail: $"This {IdempotencyKey.Header} was used with another request body; use a new key for a new request.");
            default:
                return InProgress();
        }
    }

    /// <summary>Puts the answer into the work's own save (see <see cref="IIdempotencyStore.SavesWithWork"/>).</summary>
    public void Stage(int status, string body, string? location, string contentType = "application/json; charset=utf-8")
    {
        if (claim is not null)
        {
            store.Stage(claim, new StoredResponse(status, contentType, body, location));
            Staged = true;
        }
    }

    /// <summary>
    /// The work's save found the key taken over (this request outlived its lease and another took
    /// it): that one answers; this claim is no longer ours to complete or release.
    /// </summary>
    public IResult TakenOver()
    {
        Settled = true;
        return InProgress();
    }

    internal async Task CompleteAsync(StoredResponse response)
    {
        if (claim is not null && !Settled)
        {
            Settled = true;
            if (!(Staged && store.SavesWithWork))
            {
                await store.CompleteAsync(claim, response);
            }
        }
    }

    internal async Task ReleaseAsync()
    {
        if (claim is not null && !Settled)
        {
            Settled = true;
            await store.ReleaseAsync(claim);
        }
    }

    private static IResult InProgress() => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Request in progress",
        detail: $"The first request with this {IdempotencyKey.Header} is still running; ask again when it has finished.");

    private sealed class ReplayResult(StoredResponse first) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = first.Status;
            http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
            if (first.Location is not null)
            {
                http.Response.Headers.Location = first.Location;
            }

            if (first.Body.Length > 0)
            {
                http.Response.ContentType = first.ContentType;
                await http.Response.WriteAsync(first.Body, http.RequestAborted);
            }
        }
    }
}
