using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit;

namespace Bazaar.Web.Tests;

/// <summary>
/// What a failed test leaves behind: the last lines the web app, the gateway and Identity printed,
/// and what the test's own browser pages logged (Blazor's circuit and WebSocket messages, script
/// errors). A page that did not react says little about why by itself.
/// </summary>
public sealed partial class WebPlatform
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> browserLogs = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<IPage>> pagesOf = new();

    public async ValueTask ReportIfFailedAsync()
    {
        var test = TestContext.Current.Test?.UniqueID;
        var log = test is not null && browserLogs.TryRemove(test, out var kept) ? kept : null;
        var pages = test is not null && pagesOf.TryRemove(test, out var opened) ? opened : null;
        if (TestContext.Current.TestState?.Result == TestResult.Failed && TestContext.Current.TestOutputHelper is { } output)
        {
            // What each page showed when the test gave up: an expectation that timed out says what it
            // waited for, not what was there instead.
            foreach (var page in pages ?? [])
            {
                output.WriteLine($"--- page {page.Url} ---\n{await SnapshotAsync(page)}");
            }

            output.WriteLine($"--- browser ---\n{string.Join('\n', log ?? [])}");
            output.WriteLine($"--- web output ---\n{OutputOf("web", 150)}");
            foreach (var name in new[] { "gateway", "identity" })
            {
                output.WriteLine($"--- {name} output ---\n{OutputOf(name, 60)}");
            }
        }
    }

    private static async Task<string> SnapshotAsync(IPage page)
    {
        if (page.IsClosed)
        {
            return "(closed)";
        }

        try
        {
            return await page.Locator("body").AriaSnapshotAsync(new() { Timeout = 5_000 });
        }
        catch (PlaywrightException ex)
        {
            return $"(no snapshot: {ex.Message})";
        }
    }

    /// <summary>Keeps what <paramref name="page"/> logs under the test that opened it.</summary>
    private void Record(IPage page)
    {
        var test = TestContext.Current.Test?.UniqueID;
        if (test is null)
        {
            return;
        }

        pagesOf.GetOrAdd(test, _ => new ConcurrentQueue<IPage>()).Enqueue(page);
        var log = browserLogs.GetOrAdd(test, _ => new ConcurrentQueue<string>());
        void Add(string line)
        {
            log.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            while (log.Count > 300)
            {
                log.TryDequeue(out _);
            }
        }

        page.Console += (_, message) => Add($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Add($"page error: {error}");
        page.FrameNavigated += (_, frame) => Add($"navigated: {frame.Url}");
        page.WebSocket += (_, socket) =>
        {
            Add($"websocket open: {socket.Url}");
            socket.Close += (_, _) => Add($"websocket closed: {socket.Url}");
            socket.SocketError += (_, error) => Add($"websocket error: {error}");
        };
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} {request.Failure}");
    }
}
