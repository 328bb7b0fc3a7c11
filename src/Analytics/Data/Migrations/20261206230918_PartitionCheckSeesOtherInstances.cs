using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Analytics.Data.Migrations
{
    /// <summary>
    /// analytics_ensure_month_partition took turns on an advisory lock, then asked to_regclass again
    /// whether the partition existed. Taking an advisory lock does not make the session read the
    /// catalog changes other sessions committed meanwhile, so the second of two instances still saw
    /// its cached "no such table" and failed on CREATE TABLE (42P07). Taking turns on a lock of the
    /// parent table does (a relation lock applies pending catalog invalidations). SHARE UPDATE
    /// EXCLUSIVE conflicts with itself but not with inserts, and ATTACH PARTITION takes it anyway.
    /// </summary>
    public partial class PartitionCheckSeesOtherInstances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Function("LOCK TABLE analytics_events IN SHARE UPDATE EXCLUSIVE MODE;"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Function("PERFORM pg_advisory_xact_lock(hashtext('analytics_events partitions'));"));

        /// <summary>The function's text: <paramref name="takeTurns"/> runs before the second look, <paramref name="holdOffInserts"/> before rows move.</summary>
        internal static string Function(string takeTurns, string holdOffInserts = "") => $$"""
            CREATE OR REPLACE FUNCTION analytics_ensure_month_partition(any_day date) RETURNS void
            LANGUAGE plpgsql AS $fn$
            DECLARE
                first_day date := make_date(extract(year FROM any_day)::int, extract(month FROM any_day)::int, 1);
                lower_bound timestamptz := first_day::timestamp AT TIME ZONE 'UTC';
                upper_bound timestamptz := (first_day + interval '1 month') AT TIME ZONE 'UTC';
                partition_name text := 'analytics_events_' || to_char(first_day, 'YYYY_MM');
            BEGIN
                IF to_regclass(partition_name) IS NOT NULL THEN
                    RETURN;
                END IF;
                {{takeTurns}}
                IF to_regclass(partition_name) IS NOT NULL THEN
                    RETURN;
                END IF;
                {{holdOffInserts}}
                EXECUTE format('CREATE TABLE %I (LIKE analytics_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
                EXECUTE format(
                    'WITH moved AS (DELETE FROM analytics_events_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
                    partition_name) USING lower_bound, upper_bound;
                EXECUTE format('ALTER TABLE analytics_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, lower_bound, upper_bound);
            END
            $fn$;
            """;
    }
}
