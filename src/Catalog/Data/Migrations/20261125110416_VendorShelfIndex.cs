using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class VendorShelfIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_products_active_vendor",
                table: "products",
                columns: new[] { "vendor_id", "created_at", "id" },
                filter: "archived_at IS NULL AND vendor_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_products_active_vendor",
                table: "products");
        }
    }
}
