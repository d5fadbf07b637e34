using System.Security.Cryptography;
using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Certificates;

/// <summary>
/// Every certificate holds one index in one status list, drawn at random when it is issued: its bit in that list's
/// revocation and suspension bitstrings.
/// </summary>
public sealed class StatusListSlots(IOptions<StatusListOptions> options)
{
    private const int MaxAttempts = 5;
    private const string SlotIndexName = "IX_certificates_StatusList_StatusIndex";

    /// <summary>
    /// Gives the new certificates their status list slots and saves everything tracked, drawing again when a
    /// concurrent issue took one of the slots first. Within the caller's transaction, whose commit is then followed by
    /// <see cref="Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker.AcceptAllChanges"/>: a retry of the whole
    /// transaction saves the same rows again.
    /// </summary>
    public async Task SaveNewAsync(CertVerifyDbContext db, IReadOnlyList<Certificate> certificates, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await AssignAsync(db, certificates, ct);
            try
            {
                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                return;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && ex.IsUniqueViolation(SlotIndexName))
            {
            }
        }
    }

    private async Task AssignAsync(CertVerifyDbContext db, IReadOnlyList<Certificate> certificates, CancellationToken ct)
    {
        var size = options.Value.StatusListSize;
        var list = await db.Certificates.MaxAsync(c => (int?)c.StatusList, ct) ?? 1;
        var used = await db.Certificates.CountAsync(c => c.StatusList == list, ct);
        if (used > 0 && used + certificates.Count > size * options.Value.StatusListFillLimit)
        {
            list++;
        }

        var chosen = new HashSet<int>();
        while (chosen.Count < certificates.Count)
        {
            var candidates = new HashSet<int>();
            while (candidates.Count < certificates.Count - chosen.Count)
            {
                var index = RandomNumberGenerator.GetInt32(size);
                if (!chosen.Contains(index))
                {
                    candidates.Add(index);
                }
            }

            var taken = await db.Certificates.Where(c => c.StatusList == list && candidates.Contains(c.StatusIndex))
                .Select(c => c.StatusIndex).ToListAsync(ct);
            chosen.UnionWith(candidates.Except(taken));
        }

        foreach (var (certificate, index) in certificates.Zip(chosen))
        {
            (certificate.StatusList, certificate.StatusIndex) = (list, index);
        }
    }
}
