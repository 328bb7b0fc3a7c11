using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Ordering.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyBuildingBlock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "response_status",
                table: "idempotency_keys",
                newName: "status_code");

            migrationBuilder.AlterColumn<string>(
                name: "location",
                table: "idempotency_keys",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "content_type",
                table: "idempotency_keys",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "content_type",
                table: "idempotency_keys");

            migrationBuilder.RenameColumn(
                name: "status_code",
                table: "idempotency_keys",
                newName: "response_status");

            migrationBuilder.AlterColumn<string>(
                name: "location",
                table: "idempotency_keys",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500,
                oldNullable: true);
        }
    }
}
