using Coverage.Core.Geo;
using Coverage.Network.Search;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// The coverage rule's time T(P) on a grid of the local metric projection: P is snapped as a settlement sample is
/// (<see cref="Region.AnalysisRegion.SnapPlace"/>) and timed by the same search (<see cref="TravelTimes.SecondsTo"/>:
/// network seconds at the snap plus the off-network leg at the profile's speed). Unreachable places (beyond the snap
/// limit or the search limit) hold <see cref="Cap"/>, a finite value above every band limit.
/// <para>
/// Sampling is adaptive: root cells of <see cref="RootCells"/> fine cells are split in four while a band limit may lie
/// within their value range widened by the Lipschitz bound of T where it is continuous (|dT| ≤ √2·distance/speed on
/// level ways: the snap point moves along the way and the leg changes, each at most by the distance moved), down to the fine cell;
/// a cell left whole takes its inner values bilinearly from its corners. The value range is the corners' and that of
/// the known places inside the cell (points on the ways, whose time needs no snap): T jumps only where the nearest way
/// changes, and every patch of ground on one side of a limit holds the way its places snap to, so a pocket reached
/// along a way (or left out around an unreached one) is never skipped between corners that snap elsewhere. The field
/// is then one value per fine vertex.
/// </para>
/// </summary>
sealed class TimeField
{
    /// <summary>Root cell edge in fine cells (a power of two).</summary>
    public const int RootCells = 8;

    readonly Func<double, double, float> _time;
    readonly float[] _limits;
    readonly float _slackPerCell;
    readonly bool[] _exact;
    readonly float[] _knownLo, _knownHi;

    /// <param name="known">Places whose time is known without a snap (points on the reached ways): each widens the value
    /// range of the fine cell it lies in, so a cell holding a reached way is refined wherever a band limit may cross it.</param>
    /// <param name="secondsPerMetre">Lipschitz bound of T where it is continuous: √(r² + 1)/speed for the slowest rate r
    /// along a way (1, or the steps factor) — the snap point moves along the way and the leg across it.</param>
    public TimeField(Envelope extent, double cellMetres, IReadOnlyList<double> limitSeconds, double secondsPerMetre,
        IEnumerable<(double X, double Y, float T)> known, Func<double, double, float> time)
    {
        CellMetres = cellMetres;
        _time = time;
        _limits = limitSeconds.Select(l => (float)l).ToArray();
        _slackPerCell = (float)(Math.Sqrt(2) * cellMetres * secondsPerMetre); // across a cell's diagonal
        Cap = _limits[^1] + _slackPerCell * RootCells * 2 + 60;
        // One unreachable vertex ring around the sampled area so every contour closes.
        int roots = (int)Math.Ceiling(extent.Width / (cellMetres * RootCells)), rootsY = (int)Math.Ceiling(extent.Height / (cellMetres * RootCells));
        X0 = extent.MinX - cellMetres; Y0 = extent.MinY - cellMetres;
        Nx = Math.Max(roots, 1) * RootCells + 3; Ny = Math.Max(rootsY, 1) * RootCells + 3;
        Values = new float[Nx * Ny];
        _exact = new bool[Nx * Ny];
        Array.Fill(Values, float.NaN);
        _knownLo = new float[Nx * Ny];
        _knownHi = new float[Nx * Ny];
        Array.Fill(_knownLo, float.PositiveInfinity);
        Array.Fill(_knownHi, float.NegativeInfinity);
        foreach (var (x, y, t) in known)
        {
            int i = (int)((x - X0) / cellMetres), j = (int)((y - Y0) / cellMetres);
            if (i < 0 || j < 0 || i >= Nx - 1 || j >= Ny - 1) continue;
            float v = Math.Min(t, Cap);
            int k = j * Nx + i; // fine cell (i, j) is indexed by its lower-left vertex
            _knownLo[k] = Math.Min(_knownLo[k], v);
            _knownHi[k] = Math.Max(_knownHi[k], v);
        }
        Sample();
    }

    public double CellMetres { get; }
    public double X0 { get; }
    public double Y0 { get; }
    /// <summary>Vertices along x and y.</summary>
    public int Nx { get; }
    public int Ny { get; }
    /// <summary>T at vertex (i, j), index j·Nx + i, at (X0 + i·cell, Y0 + j·cell); <see cref="Cap"/> where unreachable.</summary>
    public float[] Values { get; }
    public float Cap { get; }
    /// <summary>Vertices where T was evaluated (the rest are interpolated).</summary>
    public int Evaluated { get; private set; }

    public double X(int i) => X0 + i * CellMetres;
    public double Y(int j) => Y0 + j * CellMetres;

    void Sample()
    {
        // The border ring (i or j = 0 or N-1) stays at the cap; roots cover vertices 1 .. N-2.
        for (int j = 0; j < Ny; j++)
            for (int i = 0; i < Nx; i++)
                if (i == 0 || j == 0 || i == Nx - 1 || j == Ny - 1) Set(i, j, Cap);
        var leaves = new List<(int I, int J, int Size)>();
        for (int j = 1; j + RootCells < Ny - 1; j += RootCells)
            for (int i = 1; i + RootCells < Nx - 1; i += RootCells)
                Refine(i, j, RootCells, leaves);
        foreach (var (i, j, size) in leaves) Fill(i, j, size);
    }

    void Refine(int i, int j, int size, List<(int, int, int)> leaves)
    {
        float a = Eval(i, j), b = Eval(i + size, j), c = Eval(i + size, j + size), d = Eval(i, j + size);
        if (size == 1) return;
        float lo = Math.Min(Math.Min(a, b), Math.Min(c, d)), hi = Math.Max(Math.Max(a, b), Math.Max(c, d));
        for (int y = j; y < j + size; y++)
            for (int x = i, k = y * Nx + i; x < i + size; x++, k++)
            {
                lo = Math.Min(lo, _knownLo[k]);
                hi = Math.Max(hi, _knownHi[k]);
            }
        if (!MayCross(lo, hi, size))
        {
            leaves.Add((i, j, size));
            return;
        }
        int h = size / 2;
        Refine(i, j, h, leaves); Refine(i + h, j, h, leaves); Refine(i, j + h, h, leaves); Refine(i + h, j + h, h, leaves);
    }

    /// <summary>Whether some band limit may be met inside a cell whose corners span [lo, hi].</summary>
    bool MayCross(float lo, float hi, int size)
    {
        float slack = _slackPerCell * size / 2; // every inner point lies within half a diagonal of a corner
        foreach (float l in _limits)
            if (lo - slack <= l && l <= hi + slack) return true;
        return false;
    }

    float Eval(int i, int j)
    {
        int k = j * Nx + i;
        if (_exact[k]) return Values[k];
        float t = Math.Min(_time(X(i), Y(j)), Cap);
        Evaluated++;
        Set(i, j, t);
        return t;
    }

    void Set(int i, int j, float t)
    {
        int k = j * Nx + i;
        Values[k] = t;
        _exact[k] = true;
    }

    /// <summary>Bilinear values inside a leaf cell (and on its sides) from its corners, where not evaluated.</summary>
    void Fill(int i, int j, int size)
    {
        float a = Values[j * Nx + i], b = Values[j * Nx + i + size], c = Values[(j + size) * Nx + i + size], d = Values[(j + size) * Nx + i];
        for (int y = 0; y <= size; y++)
        {
            float v = (float)y / size;
            for (int x = 0; x <= size; x++)
            {
                int k = (j + y) * Nx + i + x;
                if (_exact[k] || !float.IsNaN(Values[k])) continue;
                float u = (float)x / size;
                Values[k] = (1 - v) * ((1 - u) * a + u * b) + v * ((1 - u) * d + u * c);
            }
        }
    }
}
