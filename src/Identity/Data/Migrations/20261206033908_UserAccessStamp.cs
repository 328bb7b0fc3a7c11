using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserAccessStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "access_stamp",
                table: "users",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "access_stamp",
                table: "users");
        }
    }
}
