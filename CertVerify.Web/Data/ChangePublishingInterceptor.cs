using System.Data.Common;
using System.Runtime.CompilerServices;
using CertVerify.Web.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CertVerify.Web.Data;

/// <summary>
/// Publishes every change to an <see cref="IChangeNotifying"/> row through the <see cref="ChangeFeed"/> once it is
/// committed: after the save, or after the transaction the save was part of. No write path can forget it.
/// </summary>
public sealed class ChangePublishingInterceptor(ChangeFeed feed) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private sealed record Change(string Kind, string Key);

    // Per context: the changes of the save under way, and those saved but waiting for their transaction to commit.
    private sealed class Pending
    {
        public List<Change> Saving { get; set; } = [];
        public List<Change> Committing { get; } = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var changes = context.ChangeTracker.Entries<IChangeNotifying>()
                .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                .ToList();
            _pending.GetOrCreateValue(context).Saving = changes
                .Select(e => new Change(ChangeKinds.For(e.Metadata.ClrType, e.State == EntityState.Added), e.Entity.ChangeKey))
                .ToList();
            await AnnounceAsync(changes.Where(e => e.State == EntityState.Added));
        }

        return result;
    }

    /// <summary>
    /// New rows are announced before they are committed, so a replica that keeps track of what exists (the issued-code
    /// filter) knows of a row before anybody can read it elsewhere. A row that is rolled back was announced for nothing.
    /// </summary>
    private async Task AnnounceAsync(IEnumerable<EntityEntry<IChangeNotifying>> added)
    {
        foreach (var type in added.GroupBy(e => e.Metadata.ClrType))
        {
            await feed.PublishAsync(ChangeKinds.Adding(type.Key), type.Select(e => e.Entity.ChangeKey).Distinct().ToList());
        }
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            pending.Committing.AddRange(pending.Saving);
            pending.Saving = [];
            if (context.Database.CurrentTransaction is null)
            {
                await PublishAsync(pending);
            }
        }

        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = [];
        }

        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            await PublishAsync(pending);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            pending.Committing.Clear();
        }

        return Task.CompletedTask;
    }

    private async Task PublishAsync(Pending pending)
    {
        var changes = pending.Committing.ToList();
        pending.Committing.Clear();
        foreach (var kind in changes.GroupBy(c => c.Kind))
        {
            await feed.PublishAsync(kind.Key, kind.Select(c => c.Key).Distinct().ToList());
        }
    }
}
