using System.Buffers;
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
/// <para>
/// Built in stages so its work grows with what the bands can hold, not with the extent: the constructor lays out the
/// grid (arrays rented from the shared pool, returned by <see cref="Dispose"/>); <see cref="MarkLive"/> marks the root
/// cells where some place may be timed within the last limit plus the root cell's slack (every other root cell is
/// beyond every band, so its corners take <see cref="Cap"/> without a snap and its known places are not kept: neither
/// can turn a refinement decision, see <see cref="Sample"/>); <see cref="Know"/> files the places on the ways;
/// <see cref="Sample"/> refines.
/// </para>
/// </summary>
sealed class TimeField : IDisposable
{
    /// <summary>Root cell edge in fine cells (a power of two).</summary>
    public const int RootCells = 8;

    readonly Func<Func<double, double, float>> _timer;
    readonly float[] _limits;
    readonly float _slackPerCell;
    readonly int _vertices, _rootsX, _rootsY;
    readonly bool[] _live;
    bool[] _exact;
    float[] _knownLo, _knownHi, _values;

    /// <param name="secondsPerMetre">Lipschitz bound of T where it is continuous: √(r² + 1)/speed for the slowest rate r
    /// along a way (1, or the steps factor) — the snap point moves along the way and the leg across it.</param>
    /// <param name="timer">Gives a thread its own T(x, y) (every one the same function of the place): the root cells are
    /// sampled on several threads at once, and a timer keeps a memo of its own (<see cref="Network.Snapping.SegmentMetres"/>).</param>
    /// <param name="pruned">Whether only root cells marked by <see cref="MarkLive"/> are sampled; false samples every
    /// root cell (the exhaustive field, the oracle of the pruned one).</param>
    public TimeField(Envelope extent, double cellMetres, IReadOnlyList<double> limitSeconds, double secondsPerMetre,
        Func<Func<double, double, float>> timer, bool pruned = true)
    {
        CellMetres = cellMetres;
        _timer = timer;
        _limits = limitSeconds.Select(l => (float)l).ToArray();
        _slackPerCell = (float)(Math.Sqrt(2) * cellMetres * secondsPerMetre); // across a cell's diagonal
        Cap = _limits[^1] + _slackPerCell * RootCells * 2 + 60;
        // One unreachable vertex ring around the sampled area so every contour closes.
        _rootsX = Math.Max((int)Math.Ceiling(extent.Width / (cellMetres * RootCells)), 1);
        _rootsY = Math.Max((int)Math.Ceiling(extent.Height / (cellMetres * RootCells)), 1);
        X0 = extent.MinX - cellMetres; Y0 = extent.MinY - cellMetres;
        Nx = _rootsX * RootCells + 3; Ny = _rootsY * RootCells + 3;
        _vertices = Nx * Ny;
        _values = ArrayPool<float>.Shared.Rent(_vertices);
        _exact = ArrayPool<bool>.Shared.Rent(_vertices);
        _knownLo = ArrayPool<float>.Shared.Rent(_vertices);
        _knownHi = ArrayPool<float>.Shared.Rent(_vertices);
        _values.AsSpan(0, _vertices).Fill(float.NaN);
        _exact.AsSpan(0, _vertices).Clear();
        _knownLo.AsSpan(0, _vertices).Fill(float.PositiveInfinity);
        _knownHi.AsSpan(0, _vertices).Fill(float.NegativeInfinity);
        _live = new bool[_rootsX * _rootsY];
        if (!pruned) Array.Fill(_live, true);
    }

    public double CellMetres { get; }
    public double X0 { get; }
    public double Y0 { get; }
    /// <summary>Vertices along x and y.</summary>
    public int Nx { get; }
    public int Ny { get; }
    /// <summary>Root cells along x and y (vertex 1 is the first one's lower-left corner).</summary>
    public int RootsX => _rootsX;
    public int RootsY => _rootsY;
    /// <summary>T at vertex (i, j), index j·Nx + i, at (X0 + i·cell, Y0 + j·cell); <see cref="Cap"/> where unreachable
    /// (or beyond every band, in a root cell not live). Pooled: longer than Nx·Ny, and valid until <see cref="Dispose"/>.</summary>
    public float[] Values => _values;
    public float Cap { get; }
    /// <summary>The slack of a root cell: T may differ from its corners' range by this much inside one.</summary>
    public float RootSlack => _slackPerCell * RootCells / 2;
    /// <summary>Vertices where T was evaluated (the rest are interpolated, or beyond every band).</summary>
    public int Evaluated { get; private set; }

    public double X(int i) => X0 + i * CellMetres;
    public double Y(int j) => Y0 + j * CellMetres;

    /// <summary>
    /// Marks the root cells the box meets (borders included) as live: the caller's box holds every place that may be
    /// timed within the last limit plus <see cref="RootSlack"/> through one reached way.
    /// </summary>
    public void MarkLive(Envelope box)
    {
        if (!RootRange(box, out int i0, out int j0, out int i1, out int j1)) return;
        for (int j = j0; j <= j1; j++)
            for (int i = i0; i <= i1; i++) _live[j * _rootsX + i] = true;
    }

    /// <summary>Whether the box meets a live root cell.</summary>
    public bool AnyLive(Envelope box)
    {
        if (!RootRange(box, out int i0, out int j0, out int i1, out int j1)) return false;
        for (int j = j0; j <= j1; j++)
            for (int i = i0; i <= i1; i++)
                if (_live[j * _rootsX + i]) return true;
        return false;
    }

    /// <summary>Root cells (closed squares) the box meets, clamped to the grid; false when it meets none.</summary>
    bool RootRange(Envelope box, out int i0, out int j0, out int i1, out int j1)
    {
        double root = CellMetres * RootCells, x0 = X0 + CellMetres, y0 = Y0 + CellMetres; // root cells start at vertex 1
        i0 = (int)Math.Floor((box.MinX - x0) / root); j0 = (int)Math.Floor((box.MinY - y0) / root);
        i1 = (int)Math.Floor((box.MaxX - x0) / root); j1 = (int)Math.Floor((box.MaxY - y0) / root);
        // A box touching a cell's lower or left border from outside meets it too.
        if (box.MinX - x0 == i0 * root) i0--;
        if (box.MinY - y0 == j0 * root) j0--;
        i0 = Math.Max(i0, 0); j0 = Math.Max(j0, 0); i1 = Math.Min(i1, _rootsX - 1); j1 = Math.Min(j1, _rootsY - 1);
        return i0 <= i1 && j0 <= j1;
    }

    /// <summary>
    /// Files a place whose time is known without a snap (a point on a way): it widens the value range of the fine cell
    /// it lies in, so a cell holding a reached way is refined wherever a band limit may cross it. Places in root cells
    /// not live are dropped (their time is beyond every band, as is all of such a cell).
    /// </summary>
    public void Know(double x, double y, float t)
    {
        int i = (int)((x - X0) / CellMetres), j = (int)((y - Y0) / CellMetres);
        if (i < 0 || j < 0 || i >= Nx - 1 || j >= Ny - 1) return;
        int ri = (i - 1) / RootCells, rj = (j - 1) / RootCells;
        if (i >= 1 && j >= 1 && ri < _rootsX && rj < _rootsY && !_live[rj * _rootsX + ri]) return;
        float v = Math.Min(t, Cap);
        int k = j * Nx + i; // fine cell (i, j) is indexed by its lower-left vertex
        _knownLo[k] = Math.Min(_knownLo[k], v);
        _knownHi[k] = Math.Max(_knownHi[k], v);
    }

    /// <summary>
    /// Samples the field. A root cell not live is a leaf with <see cref="Cap"/> at its corners, set before any live cell
    /// is refined: T exceeds the last limit plus the root slack everywhere in it (its closed square), so with its true
    /// corners and known places it would have been a leaf too. A live neighbour reading the cap at a shared corner decides
    /// as it would with the true value (both lie above every limit by more than the slack), and no contour crosses a fine
    /// side at such a corner: a vertex a fine cell away timed within the last limit would lie, with everything within the
    /// root slack's walk of it (over 50 m at 10 m cells), inside its way's widened box, corner included, and the caller's
    /// boxes mark every root cell they meet (<see cref="MarkLive"/>). So every band's contour is the one the corner's true
    /// value gives.
    /// <para>
    /// The live root cells are refined on up to <paramref name="threads"/> threads, a root row at a time, in two rounds
    /// (even rows, then odd): rows of one round share no vertex, so no vertex is timed twice or by two threads, and each
    /// cell's refinement reads only its own vertices, the caps and the known places. Which vertices are timed, their values
    /// and <see cref="Evaluated"/> are therefore those of one thread, and the leaves are filled in root order afterwards,
    /// as one thread fills them: the field is the same, value for value, whatever the threads.
    /// </para>
    /// </summary>
    public void Sample(int threads = 1)
    {
        // The border ring (i or j = 0 or N-1) stays at the cap; roots cover vertices 1 .. N-2.
        for (int j = 0; j < Ny; j++)
            for (int i = 0; i < Nx; i++)
                if (i == 0 || j == 0 || i == Nx - 1 || j == Ny - 1) Set(i, j, Cap);
        var rows = new List<int>[] { [], [] }; // root rows holding a live cell, even and odd
        int liveCount = 0;
        for (int rj = 0; rj < _rootsY; rj++)
        {
            int before = liveCount;
            for (int ri = 0; ri < _rootsX; ri++)
            {
                if (_live[rj * _rootsX + ri]) { liveCount++; continue; }
                int i = 1 + ri * RootCells, j = 1 + rj * RootCells;
                Set(i, j, Cap); Set(i + RootCells, j, Cap); Set(i, j + RootCells, Cap); Set(i + RootCells, j + RootCells, Cap);
            }
            if (liveCount > before) rows[rj & 1].Add(rj);
        }
        var rootLeaves = new (Sampler By, int Start, int End)[_rootsX * _rootsY];
        var samplers = new List<Sampler>();
        if (threads > 1 && liveCount >= MinRootsPerThread * 2)
        {
            var idle = new System.Collections.Concurrent.ConcurrentBag<Sampler>();
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            foreach (var round in rows)
                Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, round.Count, 1), options,
                    () => idle.TryTake(out var sampler) ? sampler : NewSampler(samplers),
                    (range, _, sampler) =>
                    {
                        for (int k = range.Item1; k < range.Item2; k++) RefineRow(round[k], sampler, rootLeaves);
                        return sampler;
                    }, idle.Add);
        }
        else
        {
            var sampler = NewSampler(samplers);
            foreach (var round in rows)
                foreach (int rj in round) RefineRow(rj, sampler, rootLeaves);
        }
        Evaluated = samplers.Sum(w => w.Evaluated);
        for (int root = 0; root < rootLeaves.Length; root++)
        {
            if (!_live[root])
            {
                Fill(1 + root % _rootsX * RootCells, 1 + root / _rootsX * RootCells, RootCells);
                continue;
            }
            var (by, start, end) = rootLeaves[root];
            for (int k = start; k < end; k++)
            {
                var (i, j, size) = by.Leaves[k];
                Fill(i, j, size);
            }
        }
        _exact.AsSpan(0, _vertices).Clear(); // rented again by the next field: only the values are read from here on
        ArrayPool<bool>.Shared.Return(_exact); _exact = [];
        ArrayPool<float>.Shared.Return(_knownLo); _knownLo = [];
        ArrayPool<float>.Shared.Return(_knownHi); _knownHi = [];
    }

    /// <summary>Live root cells each thread should have: a field with fewer than two threads' worth is sampled on one
    /// thread, where the hand-offs would cost more than they save (a county's 15-minute field has ~1,000).</summary>
    const int MinRootsPerThread = 64;

    /// <summary>What one thread samples with: its own timer, the vertices it timed, the leaves it found.</summary>
    sealed class Sampler(Func<double, double, float> time)
    {
        public readonly Func<double, double, float> Time = time;
        public readonly List<(int I, int J, int Size)> Leaves = [];
        public int Evaluated;
    }

    Sampler NewSampler(List<Sampler> all)
    {
        var sampler = new Sampler(_timer());
        lock (all) all.Add(sampler);
        return sampler;
    }

    /// <summary>Refines the live root cells of root row <paramref name="rj"/>, west to east, noting each one's leaves.</summary>
    void RefineRow(int rj, Sampler sampler, (Sampler, int, int)[] rootLeaves)
    {
        for (int ri = 0, root = rj * _rootsX; ri < _rootsX; ri++, root++)
        {
            if (!_live[root]) continue;
            int start = sampler.Leaves.Count;
            Refine(1 + ri * RootCells, 1 + rj * RootCells, RootCells, sampler);
            rootLeaves[root] = (sampler, start, sampler.Leaves.Count);
        }
    }

    void Refine(int i, int j, int size, Sampler sampler)
    {
        float a = Eval(i, j, sampler), b = Eval(i + size, j, sampler), c = Eval(i + size, j + size, sampler), d = Eval(i, j + size, sampler);
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
            sampler.Leaves.Add((i, j, size));
            return;
        }
        int h = size / 2;
        Refine(i, j, h, sampler); Refine(i + h, j, h, sampler); Refine(i, j + h, h, sampler); Refine(i + h, j + h, h, sampler);
    }

    /// <summary>Whether some band limit may be met inside a cell whose corners span [lo, hi].</summary>
    bool MayCross(float lo, float hi, int size)
    {
        float slack = _slackPerCell * size / 2; // every inner point lies within half a diagonal of a corner
        foreach (float l in _limits)
            if (lo - slack <= l && l <= hi + slack) return true;
        return false;
    }

    float Eval(int i, int j, Sampler sampler)
    {
        int k = j * Nx + i;
        if (_exact[k]) return _values[k];
        float t = Math.Min(sampler.Time(X(i), Y(j)), Cap);
        sampler.Evaluated++;
        Set(i, j, t);
        return t;
    }

    void Set(int i, int j, float t)
    {
        int k = j * Nx + i;
        _values[k] = t;
        _exact[k] = true;
    }

    /// <summary>Bilinear values inside a leaf cell (and on its sides) from its corners, where not evaluated.</summary>
    void Fill(int i, int j, int size)
    {
        float a = _values[j * Nx + i], b = _values[j * Nx + i + size], c = _values[(j + size) * Nx + i + size], d = _values[(j + size) * Nx + i];
        for (int y = 0; y <= size; y++)
        {
            float v = (float)y / size;
            for (int x = 0; x <= size; x++)
            {
                int k = (j + y) * Nx + i + x;
                if (_exact[k] || !float.IsNaN(_values[k])) continue;
                float u = (float)x / size;
                _values[k] = (1 - v) * ((1 - u) * a + u * b) + v * ((1 - u) * d + u * c);
            }
        }
    }

    /// <summary>Returns the pooled arrays; the field is not to be read afterwards.</summary>
    public void Dispose()
    {
        if (_values.Length > 0) ArrayPool<float>.Shared.Return(_values);
        _values = [];
        if (_exact.Length > 0) ArrayPool<bool>.Shared.Return(_exact);
        if (_knownLo.Length > 0) ArrayPool<float>.Shared.Return(_knownLo);
        if (_knownHi.Length > 0) ArrayPool<float>.Shared.Return(_knownHi);
        _exact = []; _knownLo = []; _knownHi = [];
    }
}
