using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Bazaar.Catalog.Tests.Products;

/// <summary>
/// Imports 50,000 rows twice and exports them, in a catalog of its own, and prints how long each
/// took and what memory the process used (docs/performance.md). Asserts what was done, never how fast.
/// </summary>
public sealed class CsvFiftyThousandRowsTests(CatalogApp app) : IClassFixture<CatalogApp>
{
    private const int Rows = 50_000;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportTwiceThenExport_FiftyThousandRows_AllAppliedOnceAndExported()
    {
        var shelves = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            shelves.Add((await app.CreateCategoryAsync($"Bulk shelf {i} {Guid.NewGuid():N}")).Slug);
        }

        var csv = Build(shelves);
        using var admin = app.Admin();
        admin.Timeout = TimeSpan.FromMinutes(10);
        var report = new StringBuilder($"{Rows} rows, {csv.Length / 1024.0 / 1024.0:0.0} MB of CSV\n");

        var first = await MeasureAsync("import (all new)", report, () => CsvImportTests.ImportAsync(admin, csv));
        var second = await MeasureAsync("import again (all unchanged)", report, () => CsvImportTests.ImportAsync(admin, csv));
        var exported = await MeasureAsync("export", report, () => CountExportedAsync(admin));

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        Assert.Equal((Rows, 0, 0), (first.Created, first.Updated, first.Failed.Count));
        Assert.Equal((0, 0, Rows), (second.Created, second.Updated, second.Unchanged));
        Assert.Equal(Rows, exported.Rows);
    }

    private static string Build(List<string> shelves)
    {
        var csv = new StringBuilder("sku,name,description,category,price,currency,taxClass,tags,images,attributes,stock\n", Rows * 200);
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"BULK-{i:000000},\"Bulk item {i}, size {i % 7}\",Made for the bulk test.,")
                .Append(CultureInfo.InvariantCulture, $"{shelves[i % shelves.Count]},{(i % 500) + 0.99m},USD,standard,bulk|size-{i % 7},")
                .Append(CultureInfo.InvariantCulture, $"https://img.example/b{i}.jpg,\"{{\"\"batch\"\":\"\"{i / 1000}\"\"}}\",{i % 50}\n");
        }

        return csv.ToString();
    }

    /// <summary>Reads the export as it streams, counting rows, without keeping it.</summary>
    private static async Task<(int Rows, long Bytes)> CountExportedAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/api/products/export", HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(Token);
        var rows = 0;
        await foreach (var record in new Csv.CsvReader(new StreamReader(body)).ReadAllAsync())
        {
            Assert.Null(record.Error);
            rows++;
        }

        return (rows - 1, response.Content.Headers.ContentLength ?? -1);
    }

    /// <summary>Runs <paramref name="work"/> while sampling the process's working set and managed heap.</summary>
    private static async Task<T> MeasureAsync<T>(string name, StringBuilder report, Func<Task<T>> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        var workingSetBefore = process.WorkingSet64;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = process.TotalProcessorTime;
        long peakWorkingSet = workingSetBefore, peakHeap = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        });

        var stopwatch = Stopwatch.StartNew();
        var result = await work();
        stopwatch.Stop();
        await sampling.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sampler);

        process.Refresh();
        report.Append(CultureInfo.InvariantCulture, $"{name}: {stopwatch.Elapsed.TotalSeconds:0.0} s; CPU of this process {(process.TotalProcessorTime - cpuBefore).TotalSeconds:0.0} s; allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:0} MB; ")
            .Append(CultureInfo.InvariantCulture, $"peak managed heap +{(peakHeap - heapBefore) / 1048576.0:0} MB over {heapBefore / 1048576.0:0} MB; ")
            .Append(CultureInfo.InvariantCulture, $"peak working set +{(peakWorkingSet - workingSetBefore) / 1048576.0:0} MB over {workingSetBefore / 1048576.0:0} MB\n");
        return result;
    }
}
