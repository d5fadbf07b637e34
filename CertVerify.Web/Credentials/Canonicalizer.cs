using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Credentials;

/// <summary>
/// The canonicalizer service (CertVerify.Canonicalizer, Node): RDFC-1.0 canonical N-Quads of a credential and of a
/// proof configuration, as eddsa-rdfc-2022 hashes them. No JSON-LD processor exists for .NET; the service holds no key
/// and fetches nothing (bundled contexts only). Found by service discovery (<see cref="CredentialOptions.CanonicalizerUrl"/>).
/// </summary>
public sealed class Canonicalizer(HttpClient http)
{
    /// <summary>
    /// The canonical forms; null when the document is not canonicalizable (an unknown context, an undefined term).
    /// A canonicalizer that cannot be reached is a <see cref="DependencyUnavailableException"/> (503).
    /// </summary>
    public async Task<CanonicalForms?> CanonicalizeAsync(JsonObject document, JsonObject proof, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync("/canonicalize", new JsonObject { ["document"] = document.DeepClone(), ["proof"] = proof.DeepClone() }, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new DependencyUnavailableException(
                "Credentials with a Data Integrity proof need the canonicalizer, which cannot be reached right now. The JWT form still works. Try again shortly.", ex);
        }

        using (response)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<CanonicalForms>(ct)
                ?? throw new InvalidOperationException("The canonicalizer answered no canonical forms.");
        }
    }

    /// <summary>The canonical N-Quads of the document (without its proof) and of the proof configuration.</summary>
    public sealed record CanonicalForms(string Document, string Proof);
}
