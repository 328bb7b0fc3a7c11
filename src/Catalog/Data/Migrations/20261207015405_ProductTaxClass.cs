using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductTaxClass : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "tax_class",
                table: "products",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "standard");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "tax_class",
                table: "products");
        }
    }
}
