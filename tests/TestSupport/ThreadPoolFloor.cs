namespace Bazaar.TestSupport;

/// <summary>
/// Test classes start their service in memory side by side, and WebApplicationFactory starts a
/// host synchronously: each start holds a pool thread while the service's own startup (its
/// migration's connection, say) waits for another. On two cores the pool grows by about one thread
/// a second, so under load a start could wait out Npgsql's 15 s connect timeout for a thread
/// (an Inventory fixture did, in CI). The pool starts large enough for every start at once;
/// <see cref="InfrastructureFixture"/>, the assembly fixture every suite has, raises it first.
/// </summary>
internal static class ThreadPoolFloor
{
    public static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
