namespace Coverage.Demo.Random;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna 2018) seeded through SplitMix64: a fixed, documented algorithm so a seed gives
/// the same county on every .NET version and platform (System.Random's algorithm is not a contract).
/// </summary>
internal sealed class SeededRandom
{
    ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x); _s1 = SplitMix64(ref x); _s2 = SplitMix64(ref x); _s3 = SplitMix64(ref x);
    }

    /// <summary>An independent stream for one generation stage, so adding draws in one stage leaves the others unchanged.</summary>
    public static SeededRandom ForStage(ulong seed, string stage)
    {
        ulong h = 14695981039346656037UL;                    // FNV-1a of the stage name: stable across runs
        foreach (char c in stage) { h ^= c; h *= 1099511628211UL; }
        ulong x = seed ^ h;
        return new SeededRandom(SplitMix64(ref x));
    }

    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [min, max] inclusive (rejection sampling: no modulo bias).</summary>
    public int Int(int min, int max)
    {
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max));
        ulong span = (ulong)((long)max - min + 1);
        ulong limit = ulong.MaxValue - ulong.MaxValue % span;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (int)(min + (long)(r % span));
    }

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];

    /// <summary>An index drawn with the given relative weights.</summary>
    public int Weighted(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        double r = NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Length - 1;
    }
}
