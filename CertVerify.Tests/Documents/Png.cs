using System.Buffers.Binary;
using System.Text;

namespace CertVerify.Tests.Documents;

/// <summary>Just enough of PNG to check an image: its signature and, from the IHDR chunk, its size.</summary>
public static class Png
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a PNG and returns its width and height (IHDR, the first chunk: big-endian, at bytes 16 and 20).</summary>
    public static (int Width, int Height) AssertSize(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
