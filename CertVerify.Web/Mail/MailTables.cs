using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Mail;

/// <summary>The tables this feature owns, as sets of the one database context (which knows no feature).</summary>
public static class MailTables
{
    extension(CertVerifyDbContext db)
    {
        public DbSet<OutboxMessage> Outbox => db.Set<OutboxMessage>();
    }
}
