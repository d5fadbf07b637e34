using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace CertVerify.Tests.Support;

/// <summary>
/// The errors (Error and Critical) the application under test logged, collected by a logger provider: the in-process
/// host's own logging, or the AppHost's, to which Aspire forwards each line a replica writes to stderr (the tests' replicas
/// write their Error and Critical entries there). A test run must leave none, except those explicitly allowed because a
/// test provokes them on purpose (the fault tests).
/// </summary>
/// <param name="watches">Whether a logger category is the application's (the AppHost logs much else).</param>
public sealed partial class ErrorLog(Func<string, bool> watches) : ILoggerProvider
{
    private readonly Func<string, bool> _watches = watches;
    private readonly List<(string Source, StringBuilder Text)> _entries = [];
    private readonly List<string> _allowed = [];

    /// <summary>Entries containing any of these texts are expected: say why where this is called.</summary>
    public void Allow(params string[] texts)
    {
        lock (_entries)
        {
            _allowed.AddRange(texts);
        }
    }

    /// <summary>The entries logged so far that nobody allowed, each with its source (logger category).</summary>
    public IReadOnlyList<string> Unexpected()
    {
        lock (_entries)
        {
            return _entries.Select(e => $"{e.Source}: {e.Text}")
                .Where(entry => !_allowed.Any(allowed => entry.Contains(allowed, StringComparison.Ordinal)))
                .ToList();
        }
    }

    public static void AssertNone(IReadOnlyList<string> unexpected) =>
        Assert.True(unexpected.Count == 0, $"The application logged {unexpected.Count} error(s):\n{string.Join("\n", unexpected)}");

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>
    /// A new entry, or the continuation of the source's last one: a console entry forwarded from a replica arrives a line
    /// at a time, its message and stack trace indented under its first line.
    /// </summary>
    private void Add(string source, string text)
    {
        lock (_entries)
        {
            var last = _entries.FindLast(entry => entry.Source == source);
            if (text.StartsWith(' ') && last.Text is not null)
            {
                last.Text.AppendLine().Append(text.Trim());
            }
            else
            {
                _entries.Add((source, new StringBuilder(text)));
            }
        }
    }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && log._watches(category);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add(category, ForwardedLine(state) ?? $"{logLevel} {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
            }
        }

        /// <summary>
        /// The line itself, when this is a resource's output forwarded by Aspire ("{LineNumber}: {LineContent}"), without
        /// the time stamp Aspire puts before it and the console's colours.
        /// </summary>
        private static string? ForwardedLine<TState>(TState state) =>
            state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(value => value.Key == "LineContent").Value is string line
                ? TimeStampAndColours().Replace(line, "")
                : null;
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z ?|\x1B\[[0-9;]*m")]
    private static partial Regex TimeStampAndColours();
}
