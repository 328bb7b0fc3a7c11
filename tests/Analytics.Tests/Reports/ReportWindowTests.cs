using Bazaar.Analytics.Reports;

namespace Bazaar.Analytics.Tests.Reports;

/// <summary>Reading a report's from, to and interval: defaults, buckets and limits.</summary>
public sealed class ReportWindowTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 10, 30, 0, TimeSpan.Zero);

    private static ReportWindow Read(string? from, string? to, string? interval, int maxBuckets = 2000)
    {
        Assert.True(ReportWindow.TryRead(from, to, interval, Now, maxBuckets, out var window, out var errors), string.Join("; ", errors.SelectMany(e => e.Value)));
        return window;
    }

    [Fact]
    public void TryRead_NothingGiven_LastThirtyDaysByDay()
    {
        var window = Read(null, null, null);

        Assert.Equal((Now.AddDays(-30), Now, BucketSize.Day), (window.From, window.To, window.Interval));
        Assert.Equal(31, window.BucketCount);
    }

    [Fact]
    public void TryRead_OnlyTo_FromIsThirtyDaysBefore()
    {
        var window = Read(null, "2026-01-31T00:00:00Z", "month");

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), window.From);
        Assert.Equal(1, window.BucketCount);
    }

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "hour", 24)]
    [InlineData("2026-01-01T00:30:00Z", "2026-01-02T00:00:01Z", "hour", 25)]
    [InlineData("2026-01-01", "2026-01-08", "day", 7)]
    [InlineData("2025-12-15", "2026-02-01", "month", 2)]
    [InlineData("2025-12-15", "2026-02-01T00:00:00.000001Z", "month", 3)]
    [InlineData("2026-01-01", "2026-01-01", "day", 0)]
    public void BucketCount_CoversFromThroughTheLastInstantBeforeTo(string from, string to, string interval, long buckets) =>
        Assert.Equal(buckets, Read(from, to, interval).BucketCount);

    [Fact]
    public void TryRead_OffsetGiven_ConvertedToUtc()
    {
        var window = Read("2026-01-01T02:00:00+02:00", "2026-01-02T00:00:00Z", "HOUR");

        Assert.Equal((new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.Zero, BucketSize.Hour), (window.From, window.From.Offset, window.Interval));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-02", "hour", 24, true)]
    [InlineData("2026-01-01", "2026-01-02T00:00:01Z", "hour", 24, false)]
    public void TryRead_MoreBucketsThanAllowed_RefusedOnInterval(string from, string to, string interval, int max, bool accepted)
    {
        var ok = ReportWindow.TryRead(from, to, interval, Now, max, out _, out var errors);

        Assert.Equal(accepted, ok);
        Assert.Equal(accepted, !errors.ContainsKey("interval"));
    }
}
