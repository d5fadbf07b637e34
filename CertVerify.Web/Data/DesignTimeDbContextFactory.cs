using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database or AppHost.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CertVerifyDbContext>
{
    public CertVerifyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CertVerifyDbContext>().UseNpgsql("Host=localhost;Database=certverify").Options);
}
