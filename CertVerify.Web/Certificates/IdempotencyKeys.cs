using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>The issue requests a caller sent with an <c>Idempotency-Key</c>, as <see cref="IdempotencyRecord"/>s.</summary>
public sealed class IdempotencyKeys(CertVerifyDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Null when the key is new (or expired); otherwise the certificate the earlier request with it issued, or a
    /// conflict when that request had another body.
    /// </summary>
    public async Task<Outcome<Certificate>?> FindAsync(Guid userId, string key, byte[] requestHash, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - IdempotencyRecord.Lifetime;
        await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Key == key && r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        var record = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.UserId == userId && r.Key == key, ct);
        if (record is null)
        {
            return null;
        }

        if (!record.RequestHash.AsSpan().SequenceEqual(requestHash))
        {
            return Refusal.Conflict($"This {IdempotencyRecord.Header} was used with a different request.");
        }

        return await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == record.CertificateId, ct);
    }

    /// <summary>Tracks the key with the certificate it issues, saved in the same transaction.</summary>
    public void Remember(Guid userId, string key, byte[] requestHash, Certificate certificate) =>
        db.IdempotencyKeys.Add(new IdempotencyRecord
        {
            UserId = userId, Key = key, RequestHash = requestHash, CertificateId = certificate.Id, CreatedAt = clock.GetUtcNow(),
        });
}
