using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Analytics.Data.Migrations
{
    /// <summary>
    /// analytics_ensure_month_partition moved the month's rows out of the DEFAULT partition and then
    /// attached the new one; an event of that month inserted in between landed in DEFAULT, and the
    /// ATTACH failed (23514, "updated partition constraint for default partition would be violated").
    /// The function now locks the DEFAULT partition before moving: inserts routed to it wait the few
    /// milliseconds until the new partition is attached, and then go to it. ATTACH takes that lock
    /// anyway; taking it first only makes the move and the attach one step for everyone else.
    /// </summary>
    public partial class PartitionMoveHoldsOffInserts : Migration
    {
        private const string TakeTurns = "LOCK TABLE analytics_events IN SHARE UPDATE EXCLUSIVE MODE;";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(PartitionCheckSeesOtherInstances.Function(
                TakeTurns, "LOCK TABLE analytics_events_default IN ACCESS EXCLUSIVE MODE;"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(PartitionCheckSeesOtherInstances.Function(TakeTurns));
    }
}
