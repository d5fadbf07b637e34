namespace CertVerify.Documents;

public enum FontWeight
{
    Regular,
    Bold,
}
