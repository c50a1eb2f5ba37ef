using System.Security.Cryptography;
using Coverage.Analysis.Region;
using Coverage.Network.Snapping;

namespace Coverage.Bench.Stress;

/// <summary>
/// A fingerprint of a region's joined places: every sample's position, settlement and share, every sample's and
/// facility's snap field by field (doubles by their bits) and the snap issues in order. Two builds with the same
/// digest sampled and snapped alike bit for bit: the check that a faster sampler or snapper did not buy another answer.
/// </summary>
public static class RegionDigest
{
    const int FullSnapChunk = 1 << 16;

    public static string Of(AnalysisRegion region)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[8];
        void Long(long v) { BitConverter.TryWriteBytes(buffer, v); hash.AppendData(buffer); }
        void Double(double v) => Long(BitConverter.DoubleToInt64Bits(v));
        void Snap(SnapResult s)
        {
            Long((long)s.Status); Double(s.Lon); Double(s.Lat); Long(s.Edge); Long(s.Segment); Double(s.OffsetMetres);
            Double(s.SnappedLon); Double(s.SnappedLat); Double(s.DistanceMetres); Long(s.Component); Long(s.IsOnIsland ? 1 : 0);
        }
        foreach (int f in region.SettlementFirstSample) Long(f);
        // The region keeps only the timing part of each sample's snap: the full snaps are made again (as the region made
        // them, in parallel chunks), so the digest still covers every field and stays comparable with earlier runs.
        var full = new SnapResult[Math.Min(region.SampleCount, FullSnapChunk)];
        for (int start = 0; start < region.SampleCount; start += FullSnapChunk)
        {
            int count = Math.Min(FullSnapChunk, region.SampleCount - start);
            Parallel.For(0, count, i => full[i] = region.FullSampleSnap(start + i));
            for (int i = 0; i < count; i++)
            {
                int k = start + i;
                if (SampleSnap.Of(full[i]) != region.SampleSnaps[k])
                    throw new InvalidOperationException($"sample {k}: kept snap {region.SampleSnaps[k]} is not that of its full snap {full[i]}");
                var p = region.SampleLonLat[k];
                int settlement = region.SampleSettlement[k];
                Double(p.Lon); Double(p.Lat); Long(settlement);
                Double(region.SampleShareOf(settlement)); Snap(full[i]);
            }
        }
        foreach (var s in region.FacilitySnaps) Snap(s);
        foreach (var u in region.FacilityUsable) Long(u ? 1 : 0);
        foreach (var issue in region.SnapIssues) hash.AppendData(System.Text.Encoding.UTF8.GetBytes(issue.ToString() + "\n"));
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }
}
