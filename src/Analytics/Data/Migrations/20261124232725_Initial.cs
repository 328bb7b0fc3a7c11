using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Analytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // analytics_events is partitioned by month on occurred_at, which EF Core cannot declare:
            // the table, its DEFAULT partition and its indexes are made here, matching the model.
            migrationBuilder.Sql("""
                CREATE TABLE analytics_events (
                    id uuid NOT NULL,
                    occurred_at timestamp with time zone NOT NULL,
                    type character varying(64) NOT NULL,
                    user_id uuid NULL,
                    product_id uuid NULL,
                    order_id uuid NULL,
                    session_id character varying(128) NULL,
                    properties jsonb NOT NULL,
                    source character varying(64) NOT NULL,
                    CONSTRAINT pk_analytics_events PRIMARY KEY (id, occurred_at)
                ) PARTITION BY RANGE (occurred_at);

                CREATE TABLE analytics_events_default PARTITION OF analytics_events DEFAULT;

                CREATE INDEX ix_analytics_events_occurred_at ON analytics_events USING brin (occurred_at);
                CREATE INDEX ix_analytics_events_type_occurred_at ON analytics_events (type, occurred_at);
                CREATE INDEX ix_analytics_events_user_id_occurred_at ON analytics_events (user_id, occurred_at) WHERE user_id IS NOT NULL;
                """);

            // Creates the partition of a month (UTC) unless it exists. Instances calling it at once
            // take turns on an advisory lock. Rows of that month already in the DEFAULT partition
            // would make the new partition overlap it, so they move into the new table first.
            migrationBuilder.Sql("""
                CREATE FUNCTION analytics_ensure_month_partition(any_day date) RETURNS void
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
                    PERFORM pg_advisory_xact_lock(hashtext('analytics_events partitions'));
                    IF to_regclass(partition_name) IS NOT NULL THEN
                        RETURN;
                    END IF;
                    EXECUTE format('CREATE TABLE %I (LIKE analytics_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition_name);
                    EXECUTE format(
                        'WITH moved AS (DELETE FROM analytics_events_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
                        partition_name) USING lower_bound, upper_bound;
                    EXECUTE format('ALTER TABLE analytics_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', partition_name, lower_bound, upper_bound);
                END
                $fn$;

                SELECT analytics_ensure_month_partition((now() AT TIME ZONE 'UTC')::date);
                SELECT analytics_ensure_month_partition(((now() AT TIME ZONE 'UTC') + interval '1 month')::date);
                """);

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    handler = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    handled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.handler });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    trace_parent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    correlation_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "paid_orders",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_paid_orders", x => x.order_id);
                });

            migrationBuilder.CreateTable(
                name: "refunds",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    refunded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refunds", x => new { x.order_id, x.refunded_at });
                });

            migrationBuilder.CreateTable(
                name: "signups",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_signups", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "sold_lines",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    line_number = table.Column<int>(type: "integer", nullable: false),
                    product_id = table.Column<Guid>(type: "uuid", nullable: false),
                    product_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    paid_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sold_lines", x => new { x.order_id, x.line_number });
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_sent_at",
                table: "outbox_messages",
                column: "sent_at",
                filter: "sent_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "id",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_paid_orders_currency_paid_at",
                table: "paid_orders",
                columns: new[] { "currency", "paid_at" });

            migrationBuilder.CreateIndex(
                name: "ix_paid_orders_paid_at",
                table: "paid_orders",
                column: "paid_at");

            migrationBuilder.CreateIndex(
                name: "ix_refunds_currency_refunded_at",
                table: "refunds",
                columns: new[] { "currency", "refunded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_signups_registered_at",
                table: "signups",
                column: "registered_at");

            migrationBuilder.CreateIndex(
                name: "ix_sold_lines_currency_paid_at",
                table: "sold_lines",
                columns: new[] { "currency", "paid_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION analytics_ensure_month_partition(date);");
            migrationBuilder.Sql("DROP TABLE analytics_events;");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "paid_orders");

            migrationBuilder.DropTable(
                name: "refunds");

            migrationBuilder.DropTable(
                name: "signups");

            migrationBuilder.DropTable(
                name: "sold_lines");
        }
    }
}
