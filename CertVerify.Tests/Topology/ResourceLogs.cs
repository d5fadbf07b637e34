using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CertVerify.Tests.Topology;

/// <summary>
/// The console output of some resources (what each wrote before, then as it comes), collected until disposed: to
/// check what a replica logged while something failed around it, or to see why it answered as it did.
/// </summary>
public sealed class ResourceLogs : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Resource, string Line)> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _watchers;

    public ResourceLogs(DistributedApplication app, IEnumerable<string> names)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        _watchers = names.Select(name => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in logs.WatchAsync(model.Resources.Single(r => r.Name == name)).WithCancellation(_stop.Token))
                {
                    foreach (var line in batch)
                    {
                        _lines.Enqueue((name, line.Content));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();
    }

    /// <summary>The lines so far, each with the resource that wrote it.</summary>
    public IReadOnlyList<(string Resource, string Line)> Lines => _lines.ToList();

    /// <summary>Lines containing <paramref name="text"/>, each with the <paramref name="after"/> lines that follow it (an exception's message and first frames).</summary>
    public IEnumerable<string> Find(string text, int after = 0)
    {
        var lines = Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Line.Contains(text, StringComparison.Ordinal))
            {
                yield return $"{lines[i].Resource}: {string.Join(" | ", lines.Skip(i).Where(l => l.Resource == lines[i].Resource).Take(after + 1).Select(l => l.Line.Trim()))}";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watchers);
        _stop.Dispose();
    }
}
