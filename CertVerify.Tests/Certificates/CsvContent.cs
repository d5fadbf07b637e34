using System.Net.Http.Headers;
using System.Text;

namespace CertVerify.Tests.Certificates;

/// <summary>A CSV file as a request body (<c>text/csv</c>).</summary>
public static class CsvContent
{
    public static ByteArrayContent Of(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static ByteArrayContent Of(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };
}
