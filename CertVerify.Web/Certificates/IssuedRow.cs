namespace CertVerify.Web.Certificates;

/// <summary>A bulk issue's row that was issued, with the new certificate's code and verification link.</summary>
public sealed record IssuedRow(int Row, Guid Id, string Code, string VerifyUrl);
