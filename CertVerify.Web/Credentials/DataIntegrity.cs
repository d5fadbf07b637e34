using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CertVerify.Web.Credentials;

/// <summary>
/// Data Integrity proofs with the <c>eddsa-rdfc-2022</c> cryptosuite (W3C VC Data Integrity EdDSA Cryptosuites 1.0):
/// the Ed25519 signature of SHA-256(canonical proof configuration) followed by SHA-256(canonical document), the
/// canonical forms from the <see cref="Canonicalizer"/>. The keys stay here: the canonicalizer never sees one.
/// </summary>
public sealed class DataIntegrity(Canonicalizer canonicalizer, TimeProvider clock)
{
    public const string ProofType = "DataIntegrityProof";
    public const string Cryptosuite = "eddsa-rdfc-2022";
    public const string AssertionMethod = "assertionMethod";

    /// <summary>
    /// The credential with a proof by <paramref name="key"/>, created now, for asserting it. The proof is a set of one:
    /// 1EdTech's Open Badges 3.0 JSON Schema types <c>proof</c> as an array (Data Integrity allows both).
    /// </summary>
    public async Task<JsonObject> SignAsync(JsonObject credential, DataIntegrityKey key, CancellationToken ct)
    {
        var proof = new JsonObject
        {
            ["type"] = ProofType,
            ["created"] = CredentialDocuments.Timestamp(clock.GetUtcNow()),
            ["verificationMethod"] = key.VerificationMethod,
            ["cryptosuite"] = Cryptosuite,
            ["proofPurpose"] = AssertionMethod,
        };
        var data = await HashDataAsync(credential, proof, ct)
            ?? throw new InvalidOperationException("The canonicalizer refused a credential of ours.");
        proof["proofValue"] = Multibase.EncodeBase58Btc(Ed25519.Sign(key.PrivateKey, data));
        var secured = credential.DeepClone().AsObject();
        secured["proof"] = new JsonArray(proof);
        return secured;
    }

    /// <summary>The credential's one proof, alone or as a set of one; null for none or several.</summary>
    public static JsonObject? SingleProof(JsonObject secured) => secured["proof"] switch
    {
        JsonObject proof => proof,
        JsonArray { Count: 1 } set => set[0] as JsonObject,
        _ => null,
    };

    /// <summary>Whether <paramref name="proof"/> is an eddsa-rdfc-2022 signature of <paramref name="secured"/> by <paramref name="publicKey"/>.</summary>
    public async Task<bool> VerifyAsync(JsonObject secured, JsonObject proof, byte[] publicKey, CancellationToken ct)
    {
        if (Multibase.TryDecodeBase58Btc(VcJwt.Text(proof, "proofValue")) is not { Length: 64 } signature)
        {
            return false;
        }

        return await HashDataAsync(secured, proof, ct) is { } data && Ed25519.Verify(publicKey, data, signature);
    }

    /// <summary>The data eddsa-rdfc-2022 signs; null when the document cannot be canonicalized.</summary>
    public async Task<byte[]?> HashDataAsync(JsonObject document, JsonObject proof, CancellationToken ct)
    {
        var options = proof.DeepClone().AsObject();
        options.Remove("proofValue");
        var canonical = await canonicalizer.CanonicalizeAsync(document, options, ct);
        return canonical is null
            ? null
            : [.. SHA256.HashData(Encoding.UTF8.GetBytes(canonical.Proof)), .. SHA256.HashData(Encoding.UTF8.GetBytes(canonical.Document))];
    }
}
