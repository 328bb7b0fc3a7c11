using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Ordering.Data.Migrations
{
    /// <inheritdoc />
    public partial class GuestOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "guest_email",
                table: "orders",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "guest_token_hash",
                table: "orders",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_guest_email",
                table: "orders",
                column: "guest_email",
                filter: "guest_email IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_orders_guest_email",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "guest_email",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "guest_token_hash",
                table: "orders");
        }
    }
}
