using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CertVerify.Tests.Support;

/// <summary>
/// A caller of the API: a cookie jar (shared with clients of individual replicas), the CSRF token a signed-in
/// session needs for unsafe requests, or an API key. It works over any transport (e.g. sockets, or a test server's
/// in-memory handler), for any tier.
/// </summary>
public sealed class ApiSession : IDisposable
{
    private readonly Func<HttpMessageHandler> _transport;
    private readonly List<HttpClient> _clients = [];

    /// <param name="transport">Makes the handler that carries the requests; redirects are not followed.</param>
    public ApiSession(Uri baseAddress, Func<HttpMessageHandler> transport, string? apiKey = null)
    {
        _transport = transport;
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
        var client = new HttpClient(new CookieContainerHandler(Cookies) { InnerHandler = _transport() })
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

    /// <summary>Signs in (asserting success) and keeps the CSRF token the answer carries.</summary>
    public async Task SignInAsync(string email, string password)
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(response.IsSuccessStatusCode, $"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        CsrfToken = body.GetProperty("csrfToken").GetString();
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
    public Task<HttpResponseMessage> SendContentAsync(HttpMethod method, string path, HttpContent? content, HttpClient? via = null) =>
        SendRequestAsync(new HttpRequestMessage(method, path) { Content = content }, via);

    /// <summary>Sends a request built by the caller (e.g. with headers of its own), adding the CSRF token when it needs one.</summary>
    public Task<HttpResponseMessage> SendRequestAsync(HttpRequestMessage request, HttpClient? via = null)
    {
        if (CsrfToken is not null && request.Method != HttpMethod.Get)
        {
            request.Headers.Add("X-CSRF-TOKEN", CsrfToken);
        }

        return (via ?? Client).SendAsync(request);
    }

    /// <summary>
    /// Issues a certificate (asserting 201) and returns it as the API answered; with <paramref name="idempotencyKey"/>,
    /// as a retry-safe request.
    /// </summary>
    public async Task<JsonElement> IssueCertificateAsync(object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/certificates") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await SendRequestAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// Creates an API key acting as this session's user and returns the key itself (shown only once): of the issue
    /// scope, or of the admin scope when given the user's <paramref name="adminPassword"/>.
    /// </summary>
    public async Task<string> CreateApiKeyAsync(string name, string? adminPassword = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/keys",
            adminPassword is null ? new { name } : new { name, scope = "admin", password = adminPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Creates a template (asserting 201) and returns its id.</summary>
    public async Task<Guid> CreateTemplateAsync(object body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/templates", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Posts a change of status (revoke, suspend, reinstate) and asserts the answer.</summary>
    public async Task ChangeCertificateAsync(Guid id, string action, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/certificates/{id}/{action}", body);
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
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
