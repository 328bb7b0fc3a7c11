using System.Globalization;

namespace Bazaar.Analytics.Reports;

/// <summary>The bucket size of a report's series.</summary>
public enum BucketSize
{
    Hour,
    Day,
    Month,
}

/// <summary>
/// The time range of a report, [from, to), cut into buckets in UTC. Defaults: to = now,
/// from = to - 30 days, interval = day. Times without an offset are UTC.
/// </summary>
public sealed record ReportWindow(DateTimeOffset From, DateTimeOffset To, BucketSize Interval)
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);

    /// <summary>Nothing happened before it, and it keeps .NET's minimum (PostgreSQL's -infinity) out of the queries.</summary>
    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The unit name PostgreSQL's date_trunc and interval arithmetic understand.</summary>
    public string Unit => Interval switch
    {
        BucketSize.Hour => "hour",
        BucketSize.Day => "day",
        _ => "month",
    };

    /// <summary>One bucket as a PostgreSQL interval literal.</summary>
    public string Step => $"1 {Unit}";

    /// <summary>How many buckets the series has: from the one holding <see cref="From"/> to the one holding the last instant before <see cref="To"/>.</summary>
    public long BucketCount
    {
        get
        {
            if (To <= From)
            {
                return 0;
            }

            var first = Truncate(From.UtcDateTime);
            var last = Truncate(To.UtcDateTime.AddTicks(-1));
            return Interval switch
            {
                BucketSize.Hour => (long)(last - first).TotalHours + 1,
                BucketSize.Day => (long)(last - first).TotalDays + 1,
                _ => ((last.Year - first.Year) * 12L) + last.Month - first.Month + 1,
            };
        }
    }

    /// <summary>Reads and checks the query; on failure <paramref name="errors"/> says what is wrong, per parameter.</summary>
    public static bool TryRead(
        string? from, string? to, string? interval, DateTimeOffset now, int maxBuckets,
        out ReportWindow window, out Dictionary<string, string[]> errors)
    {
        errors = [];
        window = new ReportWindow(now - DefaultLength, now, BucketSize.Day);
        var end = ReadTime(to, "to", now, errors);
        var start = ReadTime(from, "from", end - DefaultLength, errors);
        var size = ReadInterval(interval, errors);
        if (errors.Count > 0)
        {
            return false;
        }

        if (start > end)
        {
            errors["from"] = ["'from' must not be after 'to'."];
            return false;
        }

        window = new ReportWindow(start, end, size);
        if (window.BucketCount > maxBuckets)
        {
            errors["interval"] = [$"The range has {window.BucketCount} {window.Unit} buckets; at most {maxBuckets} are allowed. Use a larger interval or a shorter range."];
            return false;
        }

        return true;
    }

    internal static DateTimeOffset ReadTime(string? value, string name, DateTimeOffset fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
            && time >= Earliest)
        {
            // PostgreSQL keeps microseconds: the window here is the window the query sees.
            return time.ToUniversalTime().AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
        }

        errors[name] = [$"'{name}' must be an ISO 8601 time from 1970 on, e.g. 2026-01-31T00:00:00Z."];
        return fallback;
    }

    private static BucketSize ReadInterval(string? value, Dictionary<string, string[]> errors)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "day":
                return BucketSize.Day;
            case "hour":
                return BucketSize.Hour;
            case "month":
                return BucketSize.Month;
            default:
                errors["interval"] = ["'interval' must be hour, day or month."];
                return BucketSize.Day;
        }
    }

    private DateTime Truncate(DateTime utc) => Interval switch
    {
        BucketSize.Hour => new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
        BucketSize.Day => new DateTime(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc),
        _ => new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
