using CertVerify.Web.Certificates;
using CertVerify.Web.Verification;

namespace CertVerify.Tests.Verification;

/// <summary>The issued-code filter's set: never "no" for a code added, rarely "maybe" for one that was not.</summary>
[Trait("Tier", "Unit")]
public sealed class BloomFilterTests
{
    private const int Capacity = 50_000;

    [Fact]
    public void Every_code_added_is_found_again_even_when_added_from_many_threads()
    {
        var filter = new BloomFilter(Capacity);
        var codes = Enumerable.Range(0, Capacity).Select(_ => CertificateCode.NewCode()).ToList();

        Parallel.ForEach(codes, filter.Add);
        var counted = filter.Count;
        codes.Take(100).ToList().ForEach(filter.Add);

        Assert.All(codes, code => Assert.True(filter.MayContain(code), code));
        // A code whose bits were all set by others already is not counted: a fraction of a percent at most.
        Assert.InRange(counted, Capacity * 99 / 100, Capacity);
        Assert.Equal(counted, filter.Count);
    }

    [Fact]
    public void At_its_capacity_about_one_unknown_code_in_a_hundred_is_a_maybe()
    {
        var filter = new BloomFilter(Capacity);
        for (var i = 0; i < Capacity; i++)
        {
            filter.Add(CertificateCode.NewCode());
        }

        var maybes = Enumerable.Range(0, 100_000).Count(_ => filter.MayContain(CertificateCode.NewCode()));

        // 10 bits and 7 probes per code: 0.8% in theory.
        Assert.InRange(maybes, 1, 1_500);
    }

    [Fact]
    public void An_empty_filter_contains_nothing()
    {
        var filter = new BloomFilter(1);

        Assert.False(filter.MayContain(CertificateCode.NewCode()));
        Assert.False(filter.MayContain(""));
    }
}
