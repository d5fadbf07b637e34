using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertVerify.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyScopesAndSecurityStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SecurityStamp",
                table: "users",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Every existing user a stamp of their own; sessions made before carry none and end (users sign in again).
            migrationBuilder.Sql("UPDATE users SET \"SecurityStamp\" = gen_random_uuid();");

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "api_keys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Issue"); // existing keys: the issue scope, never an Admin operation
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "api_keys");
        }
    }
}
