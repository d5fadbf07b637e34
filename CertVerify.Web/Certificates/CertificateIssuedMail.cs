using System.Net;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using CertVerify.Web.Mail;
using CertVerify.Web.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CertVerify.Web.Certificates;

/// <summary>The recipient's news of a certificate issued to them: its verification page and its PDF, at the public address.</summary>
public sealed class CertificateIssuedMail(CertVerifyDbContext db, PublicUrls urls) : IMailWriter
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
        var text = $"""
            Hello {certificate.RecipientName},

            {organisation} has issued you a certificate: {certificate.Title}.

            Anyone can check it here: {verification}
            Download it as a PDF: {pdf}
            Its code is {code}.
            """;
        var html = $"""
            <p>Hello {Encode(certificate.RecipientName)},</p>
            <p>{Encode(organisation)} has issued you a certificate: <strong>{Encode(certificate.Title)}</strong>.</p>
            <p><a href="{Encode(verification)}">Check it</a> (anyone can, with its code {code}) or
            <a href="{Encode(pdf)}">download it as a PDF</a>.</p>
            """;
        return new MailContent($"{organisation}: your certificate \"{certificate.Title}\"", text, html);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
