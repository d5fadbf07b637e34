#:property PublishAot=false
// Revocation propagation: for each of N certificates, every replica first holds the "valid" answer in its cache;
// then the certificate is revoked through Nginx, and from the moment the revoke returns each replica is polled
// until it reports "revoked". Prints p50/p99/max of the slowest replica per revocation.
// Usage: dotnet run eng/bench/revocation.cs -- <nginx url> <API key> <count> <replica url>...
// An API key rather than a session: outside Development the session cookie is Secure, which .NET will not send over
// plain http.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

var (nginx, apiKey, count, replicas) = (args[0], args[1], int.Parse(args[2]), args[3..]);
using var api = new HttpClient { BaseAddress = new Uri(nginx) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
var readers = replicas.Select(url => new HttpClient { BaseAddress = new Uri(url) }).ToArray();

async Task<string> StatusAsync(HttpClient client, string code) =>
    (await client.GetFromJsonAsync<JsonElement>($"/api/verify/{code}")).GetProperty("status").GetString()!;

var delays = new List<double>();
for (var i = 0; i < count; i++)
{
    var issued = await (await api.PostAsJsonAsync("/api/certificates", new { recipientName = $"Bench {i}", title = "Propagation" }))
        .Content.ReadFromJsonAsync<JsonElement>();
    var (id, code) = (issued.GetProperty("id").GetString(), issued.GetProperty("code").GetString()!);
    foreach (var reader in readers)
    {
        if (await StatusAsync(reader, code) != "valid") throw new InvalidOperationException("not valid before revoking");
    }

    (await api.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "benchmark" })).EnsureSuccessStatusCode();
    var revokedAt = Stopwatch.StartNew();
    var perReplica = await Task.WhenAll(readers.Select(async reader =>
    {
        while (await StatusAsync(reader, code) != "revoked")
        {
            if (revokedAt.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{reader.BaseAddress} never reported revoked");
        }
        return revokedAt.Elapsed.TotalMilliseconds;
    }));
    delays.Add(perReplica.Max());
}

delays.Sort();
double At(double q) => delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(q * delays.Count) - 1)];
Console.WriteLine($"revocation propagation over {count} revocations, slowest of {replicas.Length} replicas: " +
    $"p50 {At(0.5):F1} ms, p99 {At(0.99):F1} ms, max {delays[^1]:F1} ms");
