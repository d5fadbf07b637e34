using System.Globalization;
using System.IO.Compression;
using CertVerify.Web.Certificates;
using CertVerify.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>
/// W3C Bitstring Status Lists. Every certificate holds one index in one list, drawn at random; the same index is
/// its bit in the list's revocation bitstring and in its suspension bitstring, both computed from the certificates'
/// status when asked for, so they can never disagree with verification.
/// </summary>
public sealed class StatusLists(IOptions<StatusListOptions> options)
{
    public static string Name(StatusPurpose purpose, int list) => $"{purpose.ToString().ToLowerInvariant()}-{list}";

    private static readonly Dictionary<string, StatusPurpose> Purposes =
        Enum.GetValues<StatusPurpose>().ToDictionary(p => p.ToString().ToLowerInvariant());

    /// <summary>Parses <c>revocation-1</c> or <c>suspension-1</c>.</summary>
    public static bool TryParseName(string? name, out StatusPurpose purpose, out int list)
    {
        (purpose, list) = (default, 0);
        return name?.Split('-') is [var purposeName, var number]
            && Purposes.TryGetValue(purposeName, out purpose)
            && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out list) && list > 0;
    }

    /// <summary>The list's bitstring, GZIP-compressed and multibase base64url encoded; null for a list not in use.</summary>
    public async Task<string?> EncodedListAsync(CertVerifyDbContext db, StatusPurpose purpose, int list, CancellationToken ct)
    {
        if (!await db.Certificates.AnyAsync(c => c.StatusList == list, ct))
        {
            return null;
        }

        var status = purpose == StatusPurpose.Revocation ? CertificateStatus.Revoked : CertificateStatus.Suspended;
        var set = await db.Certificates.Where(c => c.StatusList == list && c.Status == status).Select(c => c.StatusIndex).ToListAsync(ct);
        var bits = new byte[options.Value.StatusListSize / 8];
        foreach (var index in set)
        {
            bits[index / 8] |= (byte)(0x80 >> (index % 8)); // index 0 is the left-most bit
        }

        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal))
        {
            await gzip.WriteAsync(bits, ct);
        }

        return "u" + Base64UrlEncoder.Encode(compressed.ToArray());
    }
}
