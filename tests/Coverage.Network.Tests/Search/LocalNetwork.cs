using Coverage.Core.Geo;
using Coverage.Network.Graph;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// Hand-built networks drawn in metres (x east, y north) around a point in Suzhou's water towns, so expected times
/// can be worked out on paper. Edge lengths are the exact Euclidean lengths in that plane.
/// </summary>
public sealed class LocalNetwork
{
    public const double Lon0 = 120.64, Lat0 = 31.16;
    static readonly (double Ky, double Kx) K = Geodesy.MetresPerDegree(Lat0);

    public readonly WalkGraphBuilder Builder = new();
    readonly List<(double X, double Y)> _xy = [];

    public static LonLat At(double x, double y) => new(Lon0 + x / K.Kx, Lat0 + y / K.Ky);

    public int Node(double x, double y)
    {
        var p = At(x, y);
        _xy.Add((x, y));
        return Builder.AddNode(p.Lon, p.Lat);
    }

    /// <summary>An edge through interior points given in metres; its length is the exact polyline length.</summary>
    public int Edge(int from, int to, EdgeFlags flags = EdgeFlags.Both, params (double X, double Y)[] shape)
    {
        double length = 0;
        var prev = _xy[from];
        foreach (var p in shape) { length += Math.Sqrt((p.X - prev.X) * (p.X - prev.X) + (p.Y - prev.Y) * (p.Y - prev.Y)); prev = p; }
        var end = _xy[to];
        length += Math.Sqrt((end.X - prev.X) * (end.X - prev.X) + (end.Y - prev.Y) * (end.Y - prev.Y));
        var lonLat = shape.Select(p => { var q = At(p.X, p.Y); return (q.Lon, q.Lat); }).ToArray();
        return Builder.AddEdge(from, to, flags, lonLat, length);
    }

    /// <summary>A two-way street through the given points, one node at each; returns the node ids.</summary>
    public int[] Street(params (double X, double Y)[] points)
    {
        var ids = points.Select(p => Node(p.X, p.Y)).ToArray();
        for (int i = 0; i + 1 < ids.Length; i++) Edge(ids[i], ids[i + 1]);
        return ids;
    }

    /// <summary>A size × size grid of two-way streets, blocks of the given side; node (i, j) at (i·block, j·block) has id i·size + j.</summary>
    public static LocalNetwork Grid(int size, double block)
    {
        var net = new LocalNetwork();
        for (int i = 0; i < size; i++) for (int j = 0; j < size; j++) net.Node(i * block, j * block);
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                if (i + 1 < size) net.Edge(i * size + j, (i + 1) * size + j);
                if (j + 1 < size) net.Edge(i * size + j, i * size + j + 1);
            }
        return net;
    }

    public int Ferry(int from, int to, double seconds)
    {
        var (a, b) = (_xy[from], _xy[to]);
        double length = Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
        return Builder.AddEdge(from, to, EdgeFlags.Both | EdgeFlags.Ferry, default, length, seconds);
    }

    public WalkGraph Build() => Builder.Build();
}
