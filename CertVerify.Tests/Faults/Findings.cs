using Xunit.Abstractions;

namespace CertVerify.Tests.Faults;

/// <summary>Checks that are all made and reported, then failed together: one outage tells everything it can.</summary>
public sealed class Findings(ITestOutputHelper output)
{
    private readonly List<string> _failed = [];

    public void Check(bool held, string what)
    {
        output.WriteLine($"{(held ? "ok  " : "FAIL")} {what}");
        if (!held)
        {
            _failed.Add(what);
        }
    }

    public void Note(string what) => output.WriteLine($"     {what}");

    public void AssertAllHeld() =>
        Assert.True(_failed.Count == 0, $"{_failed.Count} check(s) did not hold:\n{string.Join("\n", _failed)}");

}
