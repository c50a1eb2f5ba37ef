using Coverage.Core.Geo;
using Coverage.Network.Graph;

namespace Coverage.Network.Search;

/// <summary>Stretches of an edge's polyline by offset (metres from EdgeFrom, scaled to the stored length as the snapper measures them).</summary>
static class EdgeShape
{
    /// <summary>
    /// Appends the polyline of edge e from offset <paramref name="from"/> to <paramref name="to"/> (either direction), each
    /// point timed linearly between <paramref name="secondsFrom"/> and <paramref name="secondsTo"/>; a point equal to the last one is skipped.
    /// </summary>
    public static void AppendBetween(WalkGraph g, int e, double from, double to, double secondsFrom, double secondsTo, List<RoutePoint> into)
    {
        var offsets = VertexOffsets(g, e);
        double span = to - from;
        RoutePoint At(double offset)
        {
            var (lon, lat) = PointAt(g, e, offsets, offset);
            double f = span == 0 ? 1 : (offset - from) / span;
            return new RoutePoint(lon, lat, secondsFrom + (secondsTo - secondsFrom) * f);
        }
        Add(into, At(from));
        if (to > from)
        {
            for (int i = 1; i < offsets.Length - 1; i++)
                if (offsets[i] > from && offsets[i] < to) Add(into, At(offsets[i]));
        }
        else
        {
            for (int i = offsets.Length - 2; i >= 1; i--)
                if (offsets[i] < from && offsets[i] > to) Add(into, At(offsets[i]));
        }
        Add(into, At(to));
    }

    static void Add(List<RoutePoint> into, RoutePoint p)
    {
        if (into.Count > 0 && into[^1].Lon == p.Lon && into[^1].Lat == p.Lat)
        {
            into[^1] = p; // same place: keep the time the walk reached it by
            return;
        }
        into.Add(p);
    }

    /// <summary>Offset of each polyline vertex, 0 at EdgeFrom and EdgeLength at EdgeTo.</summary>
    static double[] VertexOffsets(WalkGraph g, int e)
    {
        int n = g.EdgePointCount(e);
        var offsets = new double[n];
        var (pLon, pLat) = g.EdgePoint(e, 0);
        for (int i = 1; i < n; i++)
        {
            var (qLon, qLat) = g.EdgePoint(e, i);
            offsets[i] = offsets[i - 1] + Geodesy.DistanceMeters(pLon, pLat, qLon, qLat);
            (pLon, pLat) = (qLon, qLat);
        }
        double total = offsets[^1], length = g.EdgeLength[e];
        for (int i = 1; i < n; i++) offsets[i] = total > 0 ? offsets[i] / total * length : length * i / (n - 1);
        offsets[^1] = length;
        return offsets;
    }

    static (double Lon, double Lat) PointAt(WalkGraph g, int e, double[] offsets, double offset)
    {
        offset = Math.Clamp(offset, 0, offsets[^1]);
        for (int i = 1; i < offsets.Length; i++)
        {
            if (offset > offsets[i] && i < offsets.Length - 1) continue;
            var (aLon, aLat) = g.EdgePoint(e, i - 1);
            var (bLon, bLat) = g.EdgePoint(e, i);
            double seg = offsets[i] - offsets[i - 1], t = seg > 0 ? (offset - offsets[i - 1]) / seg : 0;
            return (aLon + (bLon - aLon) * t, aLat + (bLat - aLat) * t);
        }
        return g.EdgePoint(e, 0);
    }
}
