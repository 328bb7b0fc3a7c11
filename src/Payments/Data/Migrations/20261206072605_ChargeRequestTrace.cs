using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChargeRequestTrace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "correlation_id",
                table: "charge_requests",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "charge_requests",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "correlation_id",
                table: "charge_requests");

            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "charge_requests");
        }
    }
}
