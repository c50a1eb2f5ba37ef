namespace Coverage.Server.Api;

/// <summary>
/// Points on the Web Mercator plane (x, y in 0–1, as Leaflet draws them) bucketed in a uniform grid, built once per plan
/// version, so a viewport asks only the buckets it overlaps instead of scanning 182 k settlements per pan. Counting a
/// cluster grid at a low zoom still visits every point in view once: a few milliseconds at province size.
/// </summary>
public sealed class MapPointIndex
{
    /// <summary>Points per bucket on average; small enough that a street-level view reads a handful of buckets.</summary>
    const int PointsPerBucket = 16;
    const int MaxSide = 1024;

    readonly double[] _x, _y;
    readonly double _minX, _minY, _cellX, _cellY;
    readonly int _side;
    /// <summary>Bucket b holds _order[_start[b] .. _start[b+1]-1] (point indexes).</summary>
    readonly int[] _start, _order;

    public MapPointIndex(IReadOnlyList<(double Lon, double Lat)> points)
    {
        int n = points.Count;
        _x = new double[n];
        _y = new double[n];
        for (int i = 0; i < n; i++) (_x[i], _y[i]) = (MercatorX(points[i].Lon), MercatorY(points[i].Lat));
        // A place without a position (no geometry) is NaN: never in any box.
        var xs = _x.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var ys = _y.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        (_minX, _minY) = (xs.Min(), ys.Min());
        double spanX = Math.Max(xs.Max() - _minX, 1e-12), spanY = Math.Max(ys.Max() - _minY, 1e-12);
        _side = Math.Clamp((int)Math.Ceiling(Math.Sqrt((double)n / PointsPerBucket)), 1, MaxSide);
        (_cellX, _cellY) = (spanX / _side, spanY / _side);
        (_start, _order) = Buckets(n);
    }

    public int Count => _x.Length;
    public double X(int i) => _x[i];
    public double Y(int i) => _y[i];

    /// <summary>Counting sort of the points by bucket (CSR layout).</summary>
    (int[] Start, int[] Order) Buckets(int n)
    {
        var start = new int[_side * _side + 1];
        var bucket = new int[n];
        for (int i = 0; i < n; i++) start[(bucket[i] = BucketOf(_x[i], _y[i])) + 1]++;
        for (int b = 0; b < _side * _side; b++) start[b + 1] += start[b];
        var next = (int[])start.Clone();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[next[bucket[i]]++] = i;
        return (start, order);
    }

    int BucketOf(double x, double y) => Cell(y, _minY, _cellY) * _side + Cell(x, _minX, _cellX);
    int Cell(double v, double min, double size) => Math.Clamp((int)((v - min) / size), 0, _side - 1);

    /// <summary>Every point inside the lon/lat box (edges included), bucket by bucket.</summary>
    public IEnumerable<int> Within(double minLon, double minLat, double maxLon, double maxLat)
    {
        if (Count == 0) yield break;
        double x0 = MercatorX(minLon), x1 = MercatorX(maxLon), y0 = MercatorY(maxLat), y1 = MercatorY(minLat); // y grows southwards
        int cx0 = Cell(x0, _minX, _cellX), cx1 = Cell(x1, _minX, _cellX), cy0 = Cell(y0, _minY, _cellY), cy1 = Cell(y1, _minY, _cellY);
        for (int cy = cy0; cy <= cy1; cy++)
            for (int cx = cx0; cx <= cx1; cx++)
            {
                int b = cy * _side + cx;
                for (int k = _start[b]; k < _start[b + 1]; k++)
                {
                    int i = _order[k];
                    if (_x[i] >= x0 && _x[i] <= x1 && _y[i] >= y0 && _y[i] <= y1) yield return i;
                }
            }
    }

    public static double MercatorX(double lon) => (lon + 180) / 360;

    public static double MercatorY(double lat)
    {
        double s = Math.Sin(Math.Clamp(lat, -85.05112878, 85.05112878) * Math.PI / 180);
        return 0.5 - Math.Log((1 + s) / (1 - s)) / (4 * Math.PI);
    }

    public static double Lon(double x) => x * 360 - 180;
    public static double Lat(double y) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
}
