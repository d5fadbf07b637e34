using System.Text.Json;
using CertVerify.Web.Data;
using CertVerify.Web.Hosting;

namespace CertVerify.Web.Audit;

/// <summary>
/// Writes audit entries for the current request: actor, client IP and instance come from the request.
/// <see cref="Add"/> joins the caller's unit of work (saved with the change it describes);
/// <see cref="WriteAsync"/> saves at once, for events that change nothing else (a failed login).
/// </summary>
public sealed class AuditLog(CertVerifyDbContext db, IHttpContextAccessor http, InstanceIdentity instance, TimeProvider clock)
{
    public void Add(string action, string? target = null, object? detail = null, Actor? actor = null)
    {
        var context = http.HttpContext;
        actor ??= Actor.From(context?.User);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actor.Id,
            ActorEmail = actor.Email,
            Action = action,
            Target = target,
            ClientIp = context.ClientIp(),
            InstanceId = instance.InstanceId,
            Detail = detail is null ? null : JsonSerializer.SerializeToDocument(detail, JsonSerializerOptions.Web),
        });
    }

    public async Task WriteAsync(string action, string? target = null, object? detail = null, Actor? actor = null)
    {
        Add(action, target, detail, actor);
        await db.SaveChangesAsync();
    }
}
