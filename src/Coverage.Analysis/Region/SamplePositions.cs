using System.Collections;
using Coverage.Core.Geo;

namespace Coverage.Analysis.Region;

/// <summary>
/// Each sample's position, held as its settlement's first sample exactly (a pair of doubles per settlement) and each
/// sample's offset from it in float degrees: 8 bytes a sample where a <see cref="LonLat"/> takes 16, 35 MB less on a
/// province's 4.4 M samples.
/// </summary>
/// <remarks>
/// A settlement given as a point has one sample, its point, held exactly. A polygon's other samples are held to half a
/// float step of their offset: under 0.5 mm within 2 km of the first sample, 4 mm at 40 km. Every sample is snapped,
/// timed and cached at the position held (<see cref="AsHeld"/>), so every figure read of it agrees; holding a held
/// position again gives it back unchanged (the offset of anchor + f from the anchor is within 2^-46 of f, far inside
/// f's own float step), so a sample taken over by the next plan version or read from the places cache does not move.
/// </remarks>
public sealed class SamplePositions : IReadOnlyList<LonLat>
{
    readonly LonLat[] _anchor;   // per settlement: its first sample (default for one without samples)
    readonly float[] _offset;    // per sample: degrees east, then north, of its settlement's anchor (0, 0 at the first)

    internal SamplePositions(SampleSettlements settlement, LonLat[] anchor, float[] offset)
    {
        if (anchor.Length + 1 != settlement.FirstSample.Length || offset.Length != 2L * settlement.Count)
            throw new ArgumentException($"{anchor.Length} anchors and {offset.Length} offsets for {settlement.FirstSample.Length - 1} settlements and {settlement.Count} samples.");
        (Settlement, _anchor, _offset) = (settlement, anchor, offset);
    }

    /// <summary>Settlement s's samples in order, <paramref name="samples"/>[s], laid out from <paramref name="firstSample"/>.</summary>
    public static SamplePositions Of(IReadOnlyList<IReadOnlyList<LonLat>> samples, int[] firstSample)
    {
        var settlement = new SampleSettlements(firstSample);
        var anchor = new LonLat[samples.Count];
        var offset = GC.AllocateUninitializedArray<float>(2 * settlement.Count);
        for (int s = 0; s < samples.Count; s++)
        {
            var list = samples[s];
            if (list.Count != firstSample[s + 1] - firstSample[s]) throw new ArgumentException($"Settlement {s} has {list.Count} samples, the layout {firstSample[s + 1] - firstSample[s]}.");
            if (list.Count == 0) continue;
            var a = anchor[s] = list[0];
            for (int i = 0, k = firstSample[s]; i < list.Count; i++, k++)
            {
                offset[2 * k] = (float)(list[i].Lon - a.Lon);
                offset[2 * k + 1] = (float)(list[i].Lat - a.Lat);
            }
        }
        return new SamplePositions(settlement, anchor, offset);
    }

    /// <summary>Position <paramref name="p"/> as held in a settlement whose first sample is <paramref name="anchor"/>.</summary>
    public static LonLat AsHeld(LonLat anchor, LonLat p) => new(anchor.Lon + (float)(p.Lon - anchor.Lon), anchor.Lat + (float)(p.Lat - anchor.Lat));

    /// <summary>The settlement of each sample.</summary>
    public SampleSettlements Settlement { get; }

    public int Count => Settlement.Count;

    /// <summary>Sample k's position as held.</summary>
    public LonLat this[int k]
    {
        get => At(_anchor[Settlement[k]], k);
    }

    /// <summary>Sample k of the settlement whose first sample is <paramref name="anchor"/>.</summary>
    LonLat At(LonLat anchor, int k) => new(anchor.Lon + _offset[2 * k], anchor.Lat + _offset[2 * k + 1]);

    /// <summary>Positions of settlement s's samples, in order.</summary>
    public List<LonLat> OfSettlement(int s)
    {
        int a = Settlement.FirstSample[s], b = Settlement.FirstSample[s + 1];
        var list = new List<LonLat>(b - a);
        for (int k = a; k < b; k++) list.Add(At(_anchor[s], k));
        return list;
    }

    /// <summary>For the places cache: the anchors and offsets as held.</summary>
    internal LonLat[] Anchors => _anchor;
    internal float[] Offsets => _offset;

    /// <summary>Bytes held: an anchor per settlement, an offset pair per sample (the settlement map's own included).</summary>
    public long Bytes => 16L * _anchor.Length + 4L * _offset.Length + Settlement.Bytes;

    public IEnumerator<LonLat> GetEnumerator()
    {
        for (int k = 0; k < Count; k++) yield return this[k];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
