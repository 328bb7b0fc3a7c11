using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class RateLimitIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_notifications_sent_to",
                table: "notifications",
                columns: new[] { "recipient", "channel", "sent_at" },
                filter: "status = 'sent'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notifications_sent_to",
                table: "notifications");
        }
    }
}
