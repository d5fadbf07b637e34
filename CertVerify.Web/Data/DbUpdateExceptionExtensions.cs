using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CertVerify.Web.Data;

public static class DbUpdateExceptionExtensions
{
    /// <summary>The save lost a race on a unique index (an email, a template name, an idempotency key).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The save lost a race on the named unique index.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string indexName) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } violation
        && violation.ConstraintName == indexName;

    /// <summary>The save would leave a row pointing at one that is gone (e.g. a template that certificates use).</summary>
    public static bool IsForeignKeyViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}
