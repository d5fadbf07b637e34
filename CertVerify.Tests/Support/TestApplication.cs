using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CertVerify.Tests.Support;

/// <summary>
/// The application under test, however it runs (the full topology, or one instance in process), and what most tests
/// do with it: reach it, sign in, create users, open its database. Every instance is configured the same way: the
/// bootstrap Admin below and the rate limits raised for the many requests of a test run, all from 127.0.0.1 (each
/// still tested to trip). When it stops, it asserts that the application logged no error nobody allowed.
/// </summary>
public abstract class TestApplication : IAsyncLifetime
{
    public const string AdminEmail = "admin@certverify.local";
    public const string AdminPassword = "test-admin-password-8d1f";

    public const int LoginPerMinute = 1500;
    public const int RegisterPerMinute = 100;
    public const int UserPerMinute = 600;
    public const int VerifyPerMinute = 1000;

    protected TestApplication(Func<string, bool> logsErrorsOf)
    {
        Errors = new ErrorLog(logsErrorsOf);
        // On an empty database, EF Core's migrator first reads a history table that does not exist yet: it logs that
        // failed query as an error and then creates the table. Every fresh start does it; it is not a failure.
        Errors.Allow("FROM \"__EFMigrationsHistory\"");
    }

    /// <summary>What every instance gets on top of its defaults, as configuration keys.</summary>
    protected static Dictionary<string, string> InstanceConfiguration() => new()
    {
        ["RateLimits:LoginPerMinute"] = LoginPerMinute.ToString(),
        ["RateLimits:RegisterPerMinute"] = RegisterPerMinute.ToString(),
        ["RateLimits:UserPerMinute"] = UserPerMinute.ToString(),
        ["RateLimits:VerifyPerMinute"] = VerifyPerMinute.ToString(),
    };

    /// <summary>The errors the application logged; <see cref="ErrorLog.Allow"/> those a test provokes on purpose.</summary>
    public ErrorLog Errors { get; }

    /// <summary>Where callers send their requests: Nginx, or the in-process instance's own port.</summary>
    public abstract Uri BaseAddress { get; }

    /// <summary>A handler that carries requests to the application; cookies are the caller's, redirects are not followed.</summary>
    public HttpMessageHandler CreateTransport() => new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };

    protected abstract Task<string> DatabaseConnectionStringAsync();

    protected abstract Task StartAsync();

    protected abstract Task StopAsync();

    public Task InitializeAsync() => StartAsync();

    /// <summary>Errors are judged as they stood when the tests ended: stopping may log more (dependencies go first).</summary>
    public async Task DisposeAsync()
    {
        var unexpected = Errors.Unexpected();
        await StopAsync();
        ErrorLog.AssertNone(unexpected);
    }

    /// <summary>A caller with no credentials yet (cookies are kept), or one that sends an API key.</summary>
    public ApiSession NewSession(string? apiKey = null) => new(BaseAddress, CreateTransport, apiKey);

    /// <summary>A plain client: no cookies, no credentials.</summary>
    public HttpClient CreateClient() => new(CreateTransport()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<ApiSession> SignInAsync(string email, string password)
    {
        var session = NewSession();
        await session.SignInAsync(email, password);
        return session;
    }

    public Task<ApiSession> SignInAsAdminAsync() => SignInAsync(AdminEmail, AdminPassword);

    /// <summary>A new account with the role, created by the Admin; returns its email, password and id.</summary>
    public async Task<(string Email, string Password, Guid Id)> CreateUserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        var password = $"pw-{Guid.NewGuid():N}";
        using var admin = await SignInAsAdminAsync();
        using var response = await admin.SendAsync(HttpMethod.Post, "/api/users", new { email, name = $"Test {role}", password, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (email, password, created.GetProperty("id").GetGuid());
    }

    /// <summary>A new account with the role, signed in.</summary>
    public async Task<ApiSession> SignInNewUserAsync(string role)
    {
        var (email, password, _) = await CreateUserAsync(role);
        return await SignInAsync(email, password);
    }

    /// <summary>
    /// An open connection of its own to the application's database. Not pooled: a pooled connection left idle while a
    /// test restarted PostgreSQL is broken, and its first command fails (57P01).
    /// </summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(await DatabaseConnectionStringAsync()) { Pooling = false };
        var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
