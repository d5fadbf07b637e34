using System.Security.Cryptography;
using System.Text.Json;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CertVerify.Web.Credentials;

/// <summary>
/// The installation's signing keys, read from PostgreSQL by every replica. A rotation on one replica (a new key saved)
/// tells the others through the <see cref="ChangeFeed"/> to reread them; should that message be lost, each rereads
/// every <see cref="CredentialOptions.KeyRefreshSeconds"/> anyway, and at once for a key id it has not seen.
/// Only the key in use is unprotected into memory: its ES256 part signs JWTs, its Ed25519 part Data Integrity proofs.
/// </summary>
public sealed class SigningKeyRing
{
    private const string ProtectionPurpose = "CertVerify.Credentials.SigningKeys.v1";
    private static readonly TimeSpan MinimumReloadInterval = TimeSpan.FromSeconds(1);

    private sealed record Snapshot(IReadOnlyList<PublishedKey> Keys, UnprotectedKey? Current, DateTimeOffset LoadedAt);

    private sealed record UnprotectedKey(SigningCredentials Jwt, DataIntegrityKey DataIntegrity);

    private readonly IServiceScopeFactory _scopes;
    private readonly IDataProtector _protector;
    private readonly IOptions<CredentialOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SigningKeyRing> _logger;
    private readonly IssuerIdentity _identity;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;

    public SigningKeyRing(IServiceScopeFactory scopes, IDataProtectionProvider protection, ChangeFeed changes,
        IOptions<CredentialOptions> options, TimeProvider clock, IssuerIdentity identity, ILogger<SigningKeyRing> logger)
    {
        (_scopes, _options, _clock, _identity, _logger) = (scopes, options, clock, identity, logger);
        _protector = protection.CreateProtector(ProtectionPurpose);
        changes.Subscribe(ChangeKinds.Added<SigningKey>(), _ => Forget());
        changes.Subscribe(ChangeKinds.Changed<SigningKey>(), _ => Forget());
    }

    /// <summary>The key that signs now; its <c>KeyId</c> is the key's DID URL (the JWT's <c>kid</c>).</summary>
    public async Task<SigningCredentials> CurrentAsync(CancellationToken ct) => (await CurrentKeyAsync(ct)).Jwt;

    /// <summary>The Ed25519 key that signs Data Integrity proofs now, part of the same key as <see cref="CurrentAsync"/>.</summary>
    public async Task<DataIntegrityKey> CurrentDataIntegrityAsync(CancellationToken ct) => (await CurrentKeyAsync(ct)).DataIntegrity;

    private async Task<UnprotectedKey> CurrentKeyAsync(CancellationToken ct) =>
        (await SnapshotAsync(forceAfter: null, ct)).Current
        ?? throw new InvalidOperationException("No usable signing key: the database has not been prepared.");

    /// <summary>Every key that ever signed, newest first.</summary>
    public async Task<IReadOnlyList<PublishedKey>> PublishedAsync(CancellationToken ct) => (await SnapshotAsync(forceAfter: null, ct)).Keys;

    /// <summary>The public key with this id, rereading the keys once if it is new to this replica.</summary>
    public Task<PublishedKey?> FindAsync(string keyId, CancellationToken ct) => FindAsync(k => k.Id == keyId, ct);

    /// <summary>The key whose Ed25519 part is this <c>publicKeyMultibase</c>, rereading the keys once if it is new to this replica.</summary>
    public Task<PublishedKey?> FindByMultikeyAsync(string multikey, CancellationToken ct) => FindAsync(k => k.PublicKeyMultibase == multikey, ct);

    private async Task<PublishedKey?> FindAsync(Func<PublishedKey, bool> match, CancellationToken ct)
    {
        var snapshot = await SnapshotAsync(forceAfter: null, ct);
        if (snapshot.Keys.FirstOrDefault(match) is { } known)
        {
            return known;
        }

        snapshot = await SnapshotAsync(forceAfter: MinimumReloadInterval, ct);
        return snapshot.Keys.FirstOrDefault(match);
    }

    /// <summary>Retires the key in use and starts signing with a new one; the old public key stays published.</summary>
    public async Task<PublishedKey> RotateAsync(CertVerifyDbContext db, CancellationToken ct)
    {
        var key = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = _clock.GetUtcNow();
            await db.SigningKeys.Where(k => k.RetiredAt == null).ExecuteUpdateAsync(k => k.SetProperty(x => x.RetiredAt, now), ct);
            var created = NewKey(now);
            db.SigningKeys.Add(created);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return created;
        });

        return ToPublished(key);
    }

    private Task Forget()
    {
        _snapshot = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// At start-up (under the migration lock): makes sure a usable key signs. A key whose private part cannot be
    /// unprotected any more (the Data Protection key ring was lost), or made before Data Integrity proofs (no Ed25519
    /// part), is retired and replaced; its public key stays.
    /// </summary>
    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        var ring = services.GetRequiredService<SigningKeyRing>();
        var db = services.GetRequiredService<CertVerifyDbContext>();
        var log = services.GetRequiredService<ILogger<SigningKeyRing>>();
        var current = await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.RetiredAt == null, ct);
        if (current is not null && ring.TryUnprotect(current) is not null)
        {
            return;
        }

        if (current is { PublicKeyMultibase: null })
        {
            log.LogInformation("Signing key {KeyId} has no Ed25519 part for Data Integrity proofs: rotating to a new key", current.Id);
        }
        else if (current is not null)
        {
            log.LogError("Signing key {KeyId} cannot be unprotected (Data Protection keys lost?): rotating to a new key", current.Id);
        }

        var key = await ring.RotateAsync(db, ct);
        log.LogInformation("Created signing key {KeyId}", key.Id);
    }

    private async Task<Snapshot> SnapshotAsync(TimeSpan? forceAfter, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var maxAge = forceAfter ?? TimeSpan.FromSeconds(_options.Value.KeyRefreshSeconds);
        if (_snapshot is { } fresh && now - fresh.LoadedAt < maxAge)
        {
            return fresh;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_snapshot is { } loaded && _clock.GetUtcNow() - loaded.LoadedAt < maxAge)
            {
                return loaded;
            }

            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CertVerifyDbContext>();
            var keys = await db.SigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
            var current = keys.FirstOrDefault(k => k.RetiredAt is null) is { } active ? TryUnprotect(active) : null;
            _snapshot = new Snapshot(keys.Select(ToPublished).ToList(), current, _clock.GetUtcNow());
            return _snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    private SigningKey NewKey(DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (ed25519Private, ed25519Public) = Ed25519.Generate();
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ecdsa.ExportParameters(false))));
        // The RFC 7638 thumbprint: a key id anyone can recompute from the public key.
        var keyId = Base64UrlEncoder.Encode(publicJwk.ComputeJwkThumbprint());
        return new SigningKey
        {
            Id = keyId,
            PublicJwk = JsonSerializer.Serialize(new { kty = publicJwk.Kty, crv = publicJwk.Crv, x = publicJwk.X, y = publicJwk.Y }),
            ProtectedPrivateKey = Convert.ToBase64String(_protector.Protect(ecdsa.ExportPkcs8PrivateKey())),
            PublicKeyMultibase = Ed25519.ToMultikey(ed25519Public),
            ProtectedEd25519PrivateKey = Convert.ToBase64String(_protector.Protect(ed25519Private)),
            CreatedAt = now,
        };
    }

    /// <summary>Both private keys, or null when one is missing or cannot be unprotected.</summary>
    private UnprotectedKey? TryUnprotect(SigningKey key)
    {
        if (key is not { PublicKeyMultibase: { } multikey, ProtectedEd25519PrivateKey: { } ed25519 })
        {
            return null;
        }

        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(_protector.Unprotect(Convert.FromBase64String(key.ProtectedPrivateKey)), out _);
            var jwt = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = _identity.KeyUrl(key.Id) }, SecurityAlgorithms.EcdsaSha256);
            return new UnprotectedKey(jwt, new DataIntegrityKey(_identity.KeyUrl(multikey), _protector.Unprotect(Convert.FromBase64String(ed25519))));
        }
        catch (CryptographicException ex)
        {
            _logger.LogError(ex, "Signing key {KeyId} cannot be unprotected", key.Id);
            return null;
        }
    }

    private static PublishedKey ToPublished(SigningKey key)
    {
        var jwk = new JsonWebKey(key.PublicJwk) { Kid = key.Id, Use = "sig", Alg = SecurityAlgorithms.EcdsaSha256 };
        return new PublishedKey(key.Id, jwk, key.PublicKeyMultibase, key.CreatedAt, key.RetiredAt);
    }
}
