namespace CertVerify.Web.Verification;

/// <summary>
/// A set that answers "maybe" or "certainly not": a string added is always found again; one never added is found
/// with a small probability (about 1% at the capacity it was sized for, 10 bits and 7 probes per item). Thread-safe:
/// bits are only ever set, with atomic ORs.
/// </summary>
public sealed class BloomFilter
{
    private const int BitsPerItem = 10;
    private const int Probes = 7;

    private readonly long[] _words;
    private readonly ulong _bitCount;
    private int _count;

    public BloomFilter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _words = new long[((long)capacity * BitsPerItem + 63) / 64];
        _bitCount = (ulong)_words.Length * 64;
        Capacity = capacity;
    }

    /// <summary>How many items it was sized for: beyond that, "maybe" comes more and more often.</summary>
    public int Capacity { get; }

    /// <summary>
    /// How many distinct items were added: one added again (each new code is announced several times) does not count,
    /// nor the rare new one whose bits were all set already.
    /// </summary>
    public int Count => Volatile.Read(ref _count);

    public void Add(string item)
    {
        var (first, step) = Hash(item);
        var changed = false;
        for (var i = 0UL; i < Probes; i++)
        {
            var bit = (first + i * step) % _bitCount;
            var mask = 1L << (int)(bit % 64);
            changed |= (Interlocked.Or(ref _words[bit / 64], mask) & mask) == 0;
        }

        if (changed)
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>False only for an item never added.</summary>
    public bool MayContain(string item)
    {
        var (first, step) = Hash(item);
        for (var i = 0UL; i < Probes; i++)
        {
            var bit = (first + i * step) % _bitCount;
            if ((Volatile.Read(ref _words[bit / 64]) & (1L << (int)(bit % 64))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Two independent 64-bit hashes (FNV-1a with two offsets), combined as first + i * step for the probes
    /// (Kirsch and Mitzenmacher): as good as seven hash functions for a Bloom filter. Stable across processes.
    /// </summary>
    private static (ulong First, ulong Step) Hash(string item)
    {
        const ulong prime = 1099511628211;
        ulong a = 14695981039346656037, b = 0x9E3779B97F4A7C15;
        foreach (var c in item)
        {
            a = (a ^ c) * prime;
            b = (b ^ c) * prime;
        }

        // Finalise (the low bits of FNV mix poorly) and keep the step odd, so probes never all land on one bit.
        return (Mix(a), Mix(b) | 1);
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccd;
        x ^= x >> 33;
        x *= 0xc4ceb93e185e3a53;
        return x ^ (x >> 33);
    }
}
