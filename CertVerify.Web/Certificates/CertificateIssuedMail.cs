using System.Net;
using CertVerify.Web.Auth;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CertVerify.Web.Certificates;

/// <summary>
/// The recipient's news of a certificate issued to them: its verification page, its PDF and a claim link (which signs
/// them up, or adds it to their account, with the address proved), at the public address.
/// </summary>
public sealed class CertificateIssuedMail(
    CertVerifyDbContext db, PublicUrls urls, AccountTokens tokens, IOptions<AccountEmailOptions> accounts, TimeProvider clock) : IMailWriter
{
    public MailKind Kind => MailKind.CertificateIssued;

    public async Task<MailContent?> WriteAsync(OutboxMessage message, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == message.CertificateId, ct);
        if (certificate is null)
        {
            return null;
        }

        var organisation = (await db.LoadOrganisationAsync(ct)).Name;
        var code = CertificateCode.Format(certificate.Code);
        var verification = PublicUrls.Verification(urls.BaseUrl, code);
        var pdf = PublicUrls.Document(urls.BaseUrl, code, "pdf");
        var claim = AccountLinks.Claim(urls.BaseUrl,
            tokens.Claim(certificate.Id, certificate.RecipientEmail!, clock.GetUtcNow().AddDays(accounts.Value.ClaimDays)));
        var text = $"""
            Hello {certificate.RecipientName},

            {organisation} has issued you a certificate: {certificate.Title}.

            Anyone can check it here: {verification}
            Download it as a PDF: {pdf}
            Its code is {code}.

            To keep it with your other certificates and choose who sees it, claim it (this link proves the address is yours): {claim}
            """;
        var html = $"""
            <p>Hello {Encode(certificate.RecipientName)},</p>
            <p>{Encode(organisation)} has issued you a certificate: <strong>{Encode(certificate.Title)}</strong>.</p>
            <p><a href="{Encode(verification)}">Check it</a> (anyone can, with its code {code}) or
            <a href="{Encode(pdf)}">download it as a PDF</a>.</p>
            <p><a href="{Encode(claim)}">Claim it</a> to keep it with your other certificates and choose who sees it.</p>
            """;
        return new MailContent($"{organisation}: your certificate \"{certificate.Title}\"", text, html);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
