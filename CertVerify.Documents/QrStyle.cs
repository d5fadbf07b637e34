namespace CertVerify.Documents;

/// <summary>The QR code of the verification link: its top-left corner and side, in points.</summary>
public sealed record QrStyle(float X, float Y, float Size, bool Visible = true);
