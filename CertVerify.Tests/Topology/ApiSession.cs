using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace CertVerify.Tests.Topology;

/// <summary>
/// A caller of the API: a cookie jar (shared with clients of individual replicas), the CSRF token a signed-in
/// session needs for unsafe requests, or an API key.
/// </summary>
public sealed class ApiSession : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    public ApiSession(Uri baseAddress, string? apiKey = null)
    {
        ApiKey = apiKey;
        Client = ClientFor(baseAddress);
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Client { get; }

    public string? CsrfToken { get; set; }

    public string? ApiKey { get; }

    /// <summary>Another client with the same cookies and credentials, e.g. for one replica directly.</summary>
    public HttpClient ClientFor(Uri baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (ApiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        }

        _clients.Add(client);
        return client;
    }

    public static async Task<ApiSession> SignInAsync(Uri baseAddress, string email, string password)
    {
        var session = new ApiSession(baseAddress);
        using var response = await session.Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.IsSuccessStatusCode, $"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        session.CsrfToken = body.GetProperty("csrfToken").GetString();
        return session;
    }

    /// <summary>Sends <paramref name="body"/> as JSON: a string as it is, anything else serialized.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, HttpClient? via = null) =>
        SendContentAsync(method, path, body switch
        {
            null => null,
            string raw => new StringContent(raw, System.Text.Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body),
        }, via);

    /// <summary>Sends any content (CSV, a form, raw bytes), with the CSRF token when the request needs it.</summary>
    public Task<HttpResponseMessage> SendContentAsync(HttpMethod method, string path, HttpContent? content, HttpClient? via = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (CsrfToken is not null && method != HttpMethod.Get)
        {
            request.Headers.Add("X-CSRF-TOKEN", CsrfToken);
        }

        return (via ?? Client).SendAsync(request);
    }

    /// <summary>Issues a certificate (asserting 201) and returns it as the API answered.</summary>
    public async Task<JsonElement> IssueCertificateAsync(object body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/certificates", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Creates an API key acting as this session's user and returns the key itself (shown only once).</summary>
    public async Task<string> CreateApiKeyAsync(string name)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/keys", new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpClient? via = null)
    {
        using var response = await (via ?? Client).GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
