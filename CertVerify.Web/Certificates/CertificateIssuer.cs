using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using CertVerify.Web.Accounts;
using CertVerify.Web.Audit;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using CertVerify.Web.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

namespace CertVerify.Web.Certificates;

/// <summary>
/// Issuing, the same for one certificate and for every row of a bulk issue: one set of rules (the request's
/// annotations, checked by the same validator the endpoints use, and <see cref="IssueCertificateRequest.Check"/>),
/// one way to make the certificate, and one save that gives the new certificates their status list slots.
/// </summary>
public sealed class CertificateIssuer(
    CertVerifyDbContext db, StatusListSlots slots, IdempotencyKeys idempotencyKeys, AuditLog audit, MailOutbox outbox,
    IOptions<ValidationOptions> validation, TimeProvider clock)
{
    /// <summary>
    /// Issues one certificate. With an idempotency key, a retry with the same request gets the same certificate back
    /// and a reuse with another request is refused, for 24 hours, whichever replica answers.
    /// </summary>
    public async Task<Outcome<Certificate>> IssueOneAsync(
        IssueCertificateRequest request, string? idempotencyKey, Guid issuedBy, CancellationToken ct)
    {
        if (await ValidateAsync(request, ct) is { Count: > 0 } invalid)
        {
            return Refusal.Invalid(invalid);
        }

        if (request.TemplateId is { } templateId && !await db.Templates.AnyAsync(t => t.Id == templateId && t.Active, ct))
        {
            return Refusal.Invalid("templateId", "No active template has this id.");
        }

        if (idempotencyKey is null)
        {
            return await IssueAsync(Draft(request, issuedBy), ct);
        }

        if (idempotencyKey.Length is 0 or > IdempotencyRecord.MaxKeyLength)
        {
            return Refusal.Invalid(IdempotencyRecord.Header, $"Use 1 to {IdempotencyRecord.MaxKeyLength} characters.");
        }

        var requestHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request));
        if (await idempotencyKeys.FindAsync(issuedBy, idempotencyKey, requestHash, ct) is { } earlier)
        {
            return earlier;
        }

        var certificate = Draft(request, issuedBy);
        idempotencyKeys.Remember(issuedBy, idempotencyKey, requestHash, certificate);
        try
        {
            return await IssueAsync(certificate, ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A concurrent retry with the same key won the race: answer as that one did.
            db.ChangeTracker.Clear();
            return await idempotencyKeys.FindAsync(issuedBy, idempotencyKey, requestHash, ct)
                ?? Refusal.Conflict($"This {IdempotencyRecord.Header} was being used by another request: try again.");
        }
    }

    /// <summary>Every field refused and why, named as in the JSON body and the CSV header; empty when it can be issued.</summary>
    public async Task<IReadOnlyList<(string Field, string Error)>> ValidateAsync(IssueCertificateRequest request, CancellationToken ct)
    {
        var errors = new List<(string Field, string Error)>();
#pragma warning disable ASP0029 // The validator behind every endpoint's annotations: public, marked for evaluation in .NET 10.
        if (validation.Value.TryGetValidatableTypeInfo(typeof(IssueCertificateRequest), out var rules))
        {
            var context = new ValidateContext { ValidationOptions = validation.Value, ValidationContext = new ValidationContext(request) };
            await rules.ValidateAsync(request, context, ct);
            foreach (var (field, messages) in context.ValidationErrors ?? [])
            {
                errors.AddRange(messages.Select(message => (JsonNamingPolicy.CamelCase.ConvertName(field), message)));
            }
        }
#pragma warning restore ASP0029

        if (request.Check() is { } invalid)
        {
            errors.Add(invalid);
        }

        return errors;
    }

    /// <summary>A new certificate, not saved yet.</summary>
    public Certificate Draft(IssueCertificateRequest request, Guid issuedBy)
    {
        var now = clock.GetUtcNow();
        var email = string.IsNullOrWhiteSpace(request.RecipientEmail) ? null : request.RecipientEmail.Trim();
        return new Certificate
        {
            Code = CertificateCode.NewCode(),
            RecipientName = request.RecipientName.Trim(),
            RecipientEmail = email,
            NormalizedRecipientEmail = email is null ? null : User.Normalize(email),
            Title = request.Title.Trim(),
            Description = request.Description,
            TemplateId = request.TemplateId,
            IssuedAt = request.IssuedAt ?? now,
            ExpiresAt = request.ExpiresAt,
            Status = CertificateStatus.Active,
            IssuedBy = issuedBy,
            Metadata = request.Metadata ?? [],
            Notify = request.Notify ?? true,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Saves the certificates with everything else tracked (audit, idempotency record) and the mail to their recipients
    /// (<see cref="MailOutbox"/>, one statement however many) in one transaction, retried as a unit on a transient failure.
    /// </summary>
    public async Task IssueAsync(IReadOnlyList<Certificate> certificates, CancellationToken ct)
    {
        db.Certificates.AddRange(certificates);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await slots.SaveNewAsync(db, certificates, ct);
            await outbox.AddForCertificatesAsync(MailKind.CertificateIssued, certificates.Select(c => c.Id).ToList(), ct);
            await transaction.CommitAsync(ct);
        });
        db.ChangeTracker.AcceptAllChanges();
    }

    private async Task<Certificate> IssueAsync(Certificate certificate, CancellationToken ct)
    {
        audit.Add(AuditActions.CertificateIssued, certificate.Id.ToString(), new { code = CertificateCode.Format(certificate.Code), certificate.Title });
        await IssueAsync([certificate], ct);
        return certificate;
    }
}
