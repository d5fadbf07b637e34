using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertVerify.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Credentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StatusIndex",
                table: "certificates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StatusList",
                table: "certificates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublicJwk = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signing_keys", x => x.Id);
                });

            // Certificates issued before status lists existed get distinct random slots in list 1.
            migrationBuilder.Sql("""
                UPDATE certificates AS c SET "StatusList" = 1, "StatusIndex" = slots.slot
                FROM (
                    SELECT numbered."Id", free.slot
                    FROM (SELECT "Id", row_number() OVER (ORDER BY random()) AS n FROM certificates) AS numbered
                    JOIN (SELECT i AS slot, row_number() OVER (ORDER BY random()) AS n FROM generate_series(0, 131071) AS i) AS free
                    USING (n)
                ) AS slots
                WHERE c."Id" = slots."Id";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_certificates_StatusList_StatusIndex",
                table: "certificates",
                columns: new[] { "StatusList", "StatusIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_signing_keys_RetiredAt",
                table: "signing_keys",
                column: "RetiredAt",
                unique: true,
                filter: "\"RetiredAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "signing_keys");

            migrationBuilder.DropIndex(
                name: "IX_certificates_StatusList_StatusIndex",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "StatusIndex",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "StatusList",
                table: "certificates");
        }
    }
}
