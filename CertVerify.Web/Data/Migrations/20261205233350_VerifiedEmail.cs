using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertVerify.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class VerifiedEmail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmBy",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EmailConfirmedAt",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UserId",
                table: "mail_outbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_UserId",
                table: "mail_outbox",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_mail_outbox_users_UserId",
                table: "mail_outbox",
                column: "UserId",
                principalTable: "users",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            // Accounts made before email was verified: those an Admin made (or promoted) count as confirmed; self-registered
            // Recipients were never proved to own their address, and get the usual time to confirm it from now on.
            migrationBuilder.Sql("""
                UPDATE users SET "EmailConfirmedAt" = "CreatedAt"
                WHERE "Role" <> 'Recipient'
                   OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a."Action" = 'user.register' AND a."Target" = users."Id"::text);
                UPDATE users SET "ConfirmBy" = now() + interval '48 hours' WHERE "EmailConfirmedAt" IS NULL;
                """);

            // Emails compared by the new rule (EmailComparison): ASCII lower-cased, anything else kept as written. A domain
            // written in Unicode stays so here (the application turns it into punycode for new rows).
            migrationBuilder.Sql("""
                CREATE FUNCTION pg_temp.lower_if_ascii(t text) RETURNS text LANGUAGE sql AS $$
                    SELECT CASE WHEN t ~ '^[\x01-\x7F]*$' THEN translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') ELSE t END
                $$;
                CREATE FUNCTION pg_temp.normalize_email(e text) RETURNS text LANGUAGE sql AS $$
                    SELECT CASE WHEN strpos(btrim(e), '@') = 0 THEN pg_temp.lower_if_ascii(btrim(e))
                        ELSE pg_temp.lower_if_ascii(substring(btrim(e) from '^(.*)@[^@]*$')) || '@'
                            || pg_temp.lower_if_ascii(substring(btrim(e) from '@([^@]*)$')) END
                $$;
                UPDATE users SET "NormalizedEmail" = pg_temp.normalize_email("Email");
                UPDATE certificates SET "NormalizedRecipientEmail" = pg_temp.normalize_email("RecipientEmail") WHERE "RecipientEmail" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_mail_outbox_users_UserId",
                table: "mail_outbox");

            migrationBuilder.DropIndex(
                name: "IX_mail_outbox_UserId",
                table: "mail_outbox");

            migrationBuilder.DropColumn(
                name: "ConfirmBy",
                table: "users");

            migrationBuilder.DropColumn(
                name: "EmailConfirmedAt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "mail_outbox");
        }
    }
}
