using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CertVerify.Tests.Auth;
using CertVerify.Tests.Faults;
using CertVerify.Tests.Topology;
using Xunit.Abstractions;

namespace CertVerify.Tests.BadInput;

/// <summary>
/// The hostile request corpus (<see cref="HostileRequestCorpus"/>) replayed against every endpoint, through Nginx and
/// straight to the replicas, as the signed-in Admin and anonymously: every answer is a 4xx problem (or what the request
/// says instead), never a 5xx, and the database is the same afterwards. Every failure is listed in one run.
/// </summary>
[Trait("Tier", "Topology")]
[Collection(FaultsCollection.Name)]
public sealed class HostileRequestTests(FaultsTopologyFixture topology, ITestOutputHelper output)
{
    private const int MinimumRequests = 200;

    private sealed record Answer(int Status, string? MediaType, string Body, string? Error = null);

    [Fact]
    public async Task Every_hostile_request_is_refused_with_a_problem_and_changes_nothing()
    {
        using var admin = await topology.SignInAsAdminAsync();
        var corpus = HostileRequestCorpus.Build(await CreateTargetsAsync(admin));
        Assert.True(corpus.Count >= MinimumRequests, $"Only {corpus.Count} requests in the corpus.");
        Assert.Empty(AuthorizationMatrixTests.Rules.Select(r => $"{r.Method} {r.Pattern}").Except(corpus.Select(r => r.Endpoint)));

        var database = (await topology.App.GetConnectionStringAsync("certverify"))!;
        var before = await DatabaseSnapshot.TakeSettledAsync(database);

        using var senders = new Senders(topology, admin);
        var failures = new List<string>();
        var statuses = new SortedDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        foreach (var request in corpus)
        {
            var answer = await senders.SendAsync(request);
            var bucket = $"{(answer.Error is null ? answer.Status : "no answer")} {answer.MediaType}";
            statuses[bucket] = statuses.GetValueOrDefault(bucket) + 1;
            if (Judge(request, answer) is { } wrong)
            {
                failures.Add($"{request}: {wrong}");
            }
        }

        var replayed = clock.Elapsed;
        // Verifications are logged in the background within a second: give any that was let through time to arrive.
        await Task.Delay(TimeSpan.FromSeconds(2));
        failures.AddRange(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(database)));

        output.WriteLine($"{corpus.Count} hostile requests replayed in {replayed.TotalSeconds:0.0} s " +
            $"({corpus.Count(r => r.Via == Via.Nginx)} through Nginx, {corpus.Count(r => r.Via == Via.Replica)} straight to a replica; " +
            $"{corpus.Select(r => r.Endpoint).Distinct().Count()} endpoints).");
        foreach (var (bucket, count) in statuses)
        {
            output.WriteLine($"{count,5}  {bucket}");
        }

        failures.ForEach(output.WriteLine);
        Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} hostile requests were not refused as they should be:\n{string.Join("\n", failures)}");
    }

    /// <summary>What is wrong with the answer, or null when it is right.</summary>
    private static string? Judge(HostileRequest request, Answer answer)
    {
        if (answer.Error is not null)
        {
            return $"no answer: {answer.Error}";
        }

        var expect = request.Expect;
        var wrong = new List<string>();
        if (expect.Status is { } status && answer.Status != status)
        {
            wrong.Add($"expected {status}");
        }

        if (answer.Status is >= 200 and < 300 && !expect.Ignored)
        {
            wrong.Add("accepted");
        }
        else if (answer.Status is < 200 or >= 300 && answer.Status != expect.Status && answer.Status is < 400 or >= 500)
        {
            wrong.Add("not a 4xx");
        }
        else if (answer.Status >= 400)
        {
            if (answer.MediaType == "application/problem+json")
            {
                wrong.AddRange(ProblemStatusOf(answer) == answer.Status ? [] : ["the problem's status is not the response's"]);
            }
            else if (!(expect.Page && answer.MediaType == "text/html"))
            {
                wrong.Add("not a problem");
            }
        }

        if (answer.Body.Contains(HostileRequestCorpus.Script, StringComparison.OrdinalIgnoreCase))
        {
            wrong.Add("echoes the script");
        }

        if (expect.NotEchoed is { } echo && answer.Body.Contains(echo, StringComparison.OrdinalIgnoreCase))
        {
            wrong.Add($"echoes '{echo}'");
        }

        if (answer.Body.Contains("   at ", StringComparison.Ordinal))
        {
            wrong.Add("stack trace");
        }

        return wrong.Count == 0
            ? null
            : $"{string.Join(", ", wrong)}: {answer.Status} {answer.MediaType} {Excerpt(answer.Body)}";
    }

    private static int? ProblemStatusOf(Answer answer)
    {
        try
        {
            return JsonDocument.Parse(answer.Body).RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ");
        return flat.Length <= 300 ? flat : flat[..300] + "...";
    }

    /// <summary>
    /// What the hostile requests aim at, made before the first snapshot: a Recipient, a template, an active and a
    /// suspended certificate (issued to the Admin, who is then their recipient too) and an API key.
    /// </summary>
    private async Task<CorpusTargets> CreateTargetsAsync(ApiSession admin)
    {
        var (_, _, recipient) = await topology.CreateUserAsync("Recipient");
        var template = await CreatedIdAsync(admin, "/api/templates", new { name = $"Corpus {Guid.NewGuid():N}" });
        var apiKey = await CreatedIdAsync(admin, "/api/keys", new { name = "corpus" });
        // Not notified: nothing for the mail senders to write while the corpus runs.
        var issue = new { recipientName = "Corpus Recipient", recipientEmail = TopologyFixture.AdminEmail, title = "Hostile Input 101", notify = false };
        var active = (await admin.IssueCertificateAsync(issue)).GetProperty("id").GetGuid();
        var suspended = (await admin.IssueCertificateAsync(issue)).GetProperty("id").GetGuid();
        using var suspend = await admin.SendAsync(HttpMethod.Post, $"/api/certificates/{suspended}/suspend", new { reason = "corpus" });
        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        return new CorpusTargets(recipient, template, active, suspended, apiKey);
    }

    private static async Task<Guid> CreatedIdAsync(ApiSession admin, string path, object body)
    {
        using var response = await admin.SendAsync(HttpMethod.Post, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Clients that send requests exactly as written: no normalisation of the path, header values as UTF-8 bytes (as
    /// Latin-1 for <see cref="HostileRequestCorpus.InvalidUtf8Header"/>), the Admin's cookies or none at all.
    /// </summary>
    private sealed class Senders(TopologyFixture topology, ApiSession admin) : IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
        private const long LargeBody = 256 * 1024;
        private readonly Dictionary<(Sender, Uri), HttpClient> _clients = [];
        private int _replica;

        public async Task<Answer> SendAsync(HostileRequest request)
        {
            try
            {
                return request.Raw is { } raw ? await SendRawAsync(raw) : await SendHttpAsync(request);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or SocketException)
            {
                return new Answer(0, null, "", $"{ex.GetType().Name}: {ex.Message}");
            }
        }

        private async Task<Answer> SendHttpAsync(HostileRequest request)
        {
            var baseAddress = request.Via == Via.Replica
                ? topology.ReplicaUri(TopologyFixture.ReplicaNames.ElementAt(_replica++ % TopologyFixture.Replicas))
                : topology.NginxUri;
            var uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + request.Path,
                new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri) { Content = request.Body() };
            // A replica refuses a body over its limit before reading it and closes the connection; a client still
            // writing a large body then sees the reset instead of the 413 (in one run of many). Asking first, as HTTP
            // clients do for large uploads, gets the answer before the body is sent. Nginx reads bodies whole.
            message.Headers.ExpectContinue = request.Via == Via.Replica && message.Content?.Headers.ContentLength > LargeBody;
            if (request.Sender == Sender.Admin && request.Csrf && request.Method is not ("GET" or "HEAD" or "OPTIONS" or "TRACE"))
            {
                message.Headers.Add("X-CSRF-TOKEN", admin.CsrfToken);
            }

            foreach (var (name, value) in request.Headers)
            {
                Assert.True(message.Headers.TryAddWithoutValidation(name, value), $"{request}: HttpClient refuses header {name}");
            }

            using var response = await ClientFor(request.Sender, baseAddress).SendAsync(message);
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }

        private HttpClient ClientFor(Sender sender, Uri baseAddress)
        {
            if (!_clients.TryGetValue((sender, baseAddress), out var client))
            {
                client = new HttpClient(new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = sender == Sender.Admin,
                    CookieContainer = sender == Sender.Admin ? admin.Cookies : new CookieContainer(),
                    RequestHeaderEncodingSelector = (name, _) =>
                        name == HostileRequestCorpus.InvalidUtf8Header ? Encoding.Latin1 : Encoding.UTF8,
                })
                {
                    Timeout = Timeout,
                };
                _clients[(sender, baseAddress)] = client;
            }

            return client;
        }

        /// <summary>Writes the bytes to Nginx and reads the answer until Nginx closes the connection.</summary>
        private async Task<Answer> SendRawAsync(byte[] raw)
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(topology.NginxUri.Host, topology.NginxUri.Port, cts.Token);
            var stream = tcp.GetStream();
            await stream.WriteAsync(raw, cts.Token);
            using var received = new MemoryStream();
            await stream.CopyToAsync(received, cts.Token);

            var text = Encoding.Latin1.GetString(received.ToArray());
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var head = (headerEnd < 0 ? text : text[..headerEnd]).Split("\r\n");
            var statusLine = head[0].Split(' ');
            if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out var status))
            {
                return new Answer(0, null, text, $"not HTTP: {Excerpt(text)}");
            }

            var contentType = head.Skip(1).Select(line => line.Split(':', 2))
                .FirstOrDefault(h => h.Length == 2 && h[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))?[1].Split(';')[0].Trim();
            return new Answer(status, contentType, headerEnd < 0 ? "" : text[(headerEnd + 4)..]);
        }

        public void Dispose()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
