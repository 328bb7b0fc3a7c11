using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Analytics.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoveringSalesIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sold_lines_currency_paid_at",
                table: "sold_lines");

            migrationBuilder.DropIndex(
                name: "ix_refunds_currency_refunded_at",
                table: "refunds");

            migrationBuilder.DropIndex(
                name: "ix_paid_orders_currency_paid_at",
                table: "paid_orders");

            migrationBuilder.CreateIndex(
                name: "ix_sold_lines_currency_paid_at",
                table: "sold_lines",
                columns: new[] { "currency", "paid_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "product_id", "quantity", "unit_price" });

            migrationBuilder.CreateIndex(
                name: "ix_refunds_currency_refunded_at",
                table: "refunds",
                columns: new[] { "currency", "refunded_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            migrationBuilder.CreateIndex(
                name: "ix_paid_orders_currency_paid_at",
                table: "paid_orders",
                columns: new[] { "currency", "paid_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "total" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sold_lines_currency_paid_at",
                table: "sold_lines");

            migrationBuilder.DropIndex(
                name: "ix_refunds_currency_refunded_at",
                table: "refunds");

            migrationBuilder.DropIndex(
                name: "ix_paid_orders_currency_paid_at",
                table: "paid_orders");

            migrationBuilder.CreateIndex(
                name: "ix_sold_lines_currency_paid_at",
                table: "sold_lines",
                columns: new[] { "currency", "paid_at" });

            migrationBuilder.CreateIndex(
                name: "ix_refunds_currency_refunded_at",
                table: "refunds",
                columns: new[] { "currency", "refunded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_paid_orders_currency_paid_at",
                table: "paid_orders",
                columns: new[] { "currency", "paid_at" });
        }
    }
}
