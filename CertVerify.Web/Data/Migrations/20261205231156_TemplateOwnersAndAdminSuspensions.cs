using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertVerify.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TemplateOwnersAndAdminSuspensions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "OwnerId",
                table: "templates",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SuspendedByAdmin",
                table: "certificates",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Existing templates belong to their creator when that user exists; the others to nobody: only Admins change them.
            migrationBuilder.Sql("""UPDATE templates SET "OwnerId" = "CreatedBy" WHERE "CreatedBy" IN (SELECT "Id" FROM users);""");

            // Suspensions in force that an Admin made stay an Admin's to lift.
            migrationBuilder.Sql("""
                UPDATE certificates SET "SuspendedByAdmin" = true
                WHERE "Status" = 'Suspended' AND "StatusChangedBy" IN (SELECT "Id" FROM users WHERE "Role" = 'Admin');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "templates");

            migrationBuilder.DropColumn(
                name: "SuspendedByAdmin",
                table: "certificates");
        }
    }
}
