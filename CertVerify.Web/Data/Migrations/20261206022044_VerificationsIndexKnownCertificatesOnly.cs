using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertVerify.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class VerificationsIndexKnownCertificatesOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_verifications_CertificateId_At",
                table: "verifications");

            migrationBuilder.CreateIndex(
                name: "IX_verifications_CertificateId_At",
                table: "verifications",
                columns: new[] { "CertificateId", "At" },
                filter: "\"CertificateId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_verifications_CertificateId_At",
                table: "verifications");

            migrationBuilder.CreateIndex(
                name: "IX_verifications_CertificateId_At",
                table: "verifications",
                columns: new[] { "CertificateId", "At" });
        }
    }
}
