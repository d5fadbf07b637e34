
namespace CertVerify.Web.Documents;

public enum DocumentFormat
{
    Pdf,
    Png,
}
