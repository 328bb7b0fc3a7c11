using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyBuildingBlock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The keys' row version is PostgreSQL's xmin system column: there is nothing to add.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
