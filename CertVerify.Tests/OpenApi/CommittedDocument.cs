using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CertVerify.Tests.OpenApi;

/// <summary>
/// docs/openapi/v1.json as committed in git (HEAD) and as the last build wrote it into the working tree, and where a
/// served document differs from either. Compared as JSON (formatting and line endings do not count).
/// </summary>
public static class CommittedDocument
{
    public const string RelativePath = "docs/openapi/v1.json";

    /// <summary>The version in HEAD. A build rewrites the working tree's copy, so only git tells what was committed.</summary>
    public static async Task<JsonNode> FromHeadAsync() =>
        JsonNode.Parse(await GitAsync("show", $"HEAD:{RelativePath}"))!;

    public static async Task<JsonNode> FromWorkingTreeAsync() =>
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(await GitAsync("rev-parse", "--show-toplevel"), RelativePath)))!;

    /// <summary>Each place (a JSON pointer) where the two differ, the first <paramref name="limit"/> of them.</summary>
    public static IReadOnlyList<string> Differences(JsonNode? committed, JsonNode? served, int limit = 25)
    {
        var found = new List<string>();
        Compare(committed, served, "", found, limit);
        return found;
    }

    private static void Compare(JsonNode? committed, JsonNode? served, string pointer, List<string> found, int limit)
    {
        if (found.Count >= limit || JsonNode.DeepEquals(committed, served))
        {
            return;
        }

        switch (committed, served)
        {
            case (JsonObject left, JsonObject right):
                foreach (var key in left.Select(p => p.Key).Union(right.Select(p => p.Key)))
                {
                    Compare(left[key], right[key], $"{pointer}/{key.Replace("~", "~0").Replace("/", "~1")}", found, limit);
                }

                break;
            case (JsonArray left, JsonArray right) when left.Count == right.Count:
                for (var i = 0; i < left.Count; i++)
                {
                    Compare(left[i], right[i], $"{pointer}/{i}", found, limit);
                }

                break;
            default:
                found.Add($"{pointer}: committed {Shorten(committed)}, served {Shorten(served)}");
                break;
        }
    }

    private static string Shorten(JsonNode? node) =>
        node?.ToJsonString() is { } json ? (json.Length > 120 ? json[..120] + "..." : json) : "(absent)";

    private static async Task<string> GitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0,
            $"git {string.Join(' ', arguments)} failed ({git.ExitCode}): {await error}. The OpenAPI tests compare with the document committed in git, so they run in a clone.");
        return (await output).TrimEnd('\n');
    }
}
