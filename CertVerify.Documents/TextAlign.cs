namespace CertVerify.Documents;

public enum TextAlign
{
    Left,
    Center,
    Right,
}
