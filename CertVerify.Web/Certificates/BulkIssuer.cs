using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Templates;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>
/// Issuing many certificates at once. Every row is checked first with the single issue's rules; the valid rows are
/// issued together under one batch id in one transaction (nothing partial if anything fails), the rejected ones
/// reported with their row number (from 1, data rows only), field and reason. A dry run only reports. The recipients
/// are emailed afterwards, unless the batch says not to notify them.
/// </summary>
public sealed class BulkIssuer(CertVerifyDbContext db, CertificateIssuer issuer, AuditLog audit)
{
    public const int MaxRows = 50_000;
    public const long MaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>The result, with <see cref="BulkResult.Issued"/> 0 when no row was valid (and so nothing issued).</summary>
    public async Task<Outcome<BulkResult>> IssueAsync(
        IReadOnlyList<ReadRow> rows, bool dryRun, bool notify, Guid issuedBy, string publicBaseUrl, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Refusal.Invalid("body", "Send at least one row.");
        }

        if (rows.Count > MaxRows)
        {
            return Refusal.TooLarge($"At most {MaxRows} rows per request.");
        }

        var (accepted, errors) = await CheckAsync(rows, issuedBy, ct);
        var rejected = errors.Select(e => e.Row).Distinct().Count();
        if (dryRun)
        {
            var preview = rows.Take(PreviewRow.MaxRows).Select((read, i) => PreviewRow.From(read.Row, i)).ToList();
            return new BulkResult(null, true, accepted.Count, rejected, [], errors, preview);
        }

        if (accepted.Count == 0)
        {
            return new BulkResult(null, false, 0, rejected, [], errors);
        }

        var batchId = Guid.CreateVersion7();
        foreach (var (_, certificate) in accepted)
        {
            (certificate.BatchId, certificate.Notify) = (batchId, notify);
        }

        audit.Add(AuditActions.CertificatesBulkIssued, batchId.ToString(), new { issued = accepted.Count, rejected });
        await issuer.IssueAsync(accepted.Select(a => a.Certificate).ToList(), ct); // one transaction: all valid rows (and their mail) or none

        var issued = accepted.Select(a => new IssuedRow(a.Row, a.Certificate.Id, CertificateCode.Format(a.Certificate.Code),
            PublicUrls.Verification(publicBaseUrl, CertificateCode.Format(a.Certificate.Code)))).ToList();
        return new BulkResult(batchId, false, issued.Count, rejected, issued, errors);
    }

    /// <summary>Each valid row drafted as a certificate, each invalid one's errors.</summary>
    private async Task<(List<(int Row, Certificate Certificate)> Accepted, List<RowError> Errors)> CheckAsync(
        IReadOnlyList<ReadRow> rows, Guid issuedBy, CancellationToken ct)
    {
        var templates = await db.Templates.AsNoTracking().Where(t => t.Active)
            .Select(t => new { t.Id, t.NormalizedName }).ToListAsync(ct);
        var byName = templates.ToDictionary(t => t.NormalizedName, t => t.Id);
        var byId = templates.Select(t => t.Id).ToHashSet();

        var errors = new List<RowError>();
        var accepted = new List<(int Row, Certificate Certificate)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, line, readErrors) = rows[i];
            var request = new IssueCertificateRequest(row.RecipientName!, row.RecipientEmail, row.Title!, row.Description,
                TemplateId: null, row.IssuedAt, row.ExpiresAt, row.Metadata);
            var rowErrors = readErrors.Concat(await issuer.ValidateAsync(request, ct)).ToList();
            var templateId = ResolveTemplate(row.Template, byName, byId, rowErrors);
            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors.Select(e => new RowError(i + 1, e.Field, e.Error, line)));
                continue;
            }

            accepted.Add((i + 1, issuer.Draft(request with { TemplateId = templateId }, issuedBy)));
        }

        return (accepted, errors);
    }

    /// <summary>The row's template, named by id or by name among the active ones; an error added when there is none.</summary>
    private static Guid? ResolveTemplate(string? template, Dictionary<string, Guid> byName, HashSet<Guid> byId, List<(string Field, string Error)> errors)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        if (Guid.TryParse(template, out var id) && byId.Contains(id))
        {
            return id;
        }

        if (byName.TryGetValue(template.Trim().ToUpperInvariant(), out var named))
        {
            return named;
        }

        errors.Add(("template", $"No active template is named or has the id '{template}'."));
        return null;
    }
}
