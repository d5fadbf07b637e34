using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CertVerify.Tests.Organisation;

/// <summary>Images for upload tests: a real PNG drawn here, and files that only start like (or unlike) an image.</summary>
public static class TestImages
{
    /// <summary>A real RGB PNG: a rounded badge in the accent colour with a white tick, on white.</summary>
    public static byte[] LogoPng(int size = 96)
    {
        var rows = new byte[size * (1 + size * 3)];
        for (var y = 0; y < size; y++)
        {
            var row = y * (1 + size * 3); // filter byte 0, then RGB
            for (var x = 0; x < size; x++)
            {
                var (dx, dy) = (x - size / 2.0, y - size / 2.0);
                var inBadge = dx * dx + dy * dy < size * size / 4.4;
                // The tick: two strokes, from (0.3, 0.5) to (0.45, 0.65) to (0.72, 0.35) of the size.
                var (u, v) = (x / (double)size, y / (double)size);
                var tick = (u is > 0.28 and < 0.46 && Math.Abs(v - (0.5 + (u - 0.3))) < 0.05)
                    || (u is > 0.44 and < 0.74 && Math.Abs(v - (0.65 - (u - 0.45) * 1.1)) < 0.05);
                var (r, g, b) = !inBadge ? ((byte)255, (byte)255, (byte)255) : tick ? ((byte)255, (byte)255, (byte)255) : ((byte)61, (byte)61, (byte)196);
                rows[row + 1 + x * 3] = r;
                rows[row + 2 + x * 3] = g;
                rows[row + 3 + x * 3] = b;
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(rows);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Starts like a JPEG (SOI and a JFIF APP0 marker); the server reads only the magic bytes.</summary>
    public static byte[] JpegLike() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    /// <summary>A RIFF container of WebP type.</summary>
    public static byte[] WebPLike() => [.. "RIFF"u8, 0x1A, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8, 0x0E, 0x00, 0x00, 0x00, 0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Svg() => Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>""");

    public static byte[] Gif() => [.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3B];

    /// <summary>A PNG signature followed by enough bytes to be over <paramref name="bytes"/> in all.</summary>
    public static byte[] PngOfSize(int bytes)
    {
        var content = new byte[bytes];
        LogoPng(8).AsSpan(0, 8).CopyTo(content);
        return content;
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
