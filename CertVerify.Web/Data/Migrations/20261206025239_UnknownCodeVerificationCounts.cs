using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertVerify.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnknownCodeVerificationCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReminderDaysBeforeExpiry",
                table: "templates",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "mail_templates",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Html = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_templates", x => x.Kind);
                });

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_once_per_certificate",
                table: "mail_outbox",
                columns: new[] { "CertificateId", "Kind" },
                unique: true,
                filter: "\"Kind\" IN ('CertificateExpiring', 'CertificateExpired')");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_ExpiresAt",
                table: "certificates",
                column: "ExpiresAt",
                filter: "\"ExpiresAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mail_templates");

            migrationBuilder.DropIndex(
                name: "IX_mail_outbox_once_per_certificate",
                table: "mail_outbox");

            migrationBuilder.DropIndex(
                name: "IX_certificates_ExpiresAt",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "ReminderDaysBeforeExpiry",
                table: "templates");
        }
    }
}
