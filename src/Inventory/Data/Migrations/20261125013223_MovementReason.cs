using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Inventory.Data.Migrations
{
    /// <inheritdoc />
    public partial class MovementReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reason",
                table: "stock_movements",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reason",
                table: "stock_movements");
        }
    }
}
