namespace Coverage.Analysis.Siting;

/// <summary>
/// A covering problem as plain arrays: rows are demand points with integer weights (centi-people, so CP-SAT and the
/// enumeration oracle see the same numbers), columns are candidate sites with the rows they reach and a cost
/// (1 per site; metres for trails). Build with <see cref="Aggregate"/> to shrink it before solving.
/// </summary>
public sealed class CoverInstance
{
    public CoverInstance(long[] weight, int[][] columns, long[]? cost = null)
    {
        Weight = weight;
        Columns = columns;
        Cost = cost ?? Enumerable.Repeat(1L, columns.Length).ToArray();
        if (Cost.Length != columns.Length) throw new ArgumentException("One cost per column.");
        foreach (var col in columns)
            foreach (int r in col)
                if ((uint)r >= (uint)weight.Length) throw new ArgumentException($"Row {r} is not a row of the instance ({weight.Length} rows).");
    }

    public long[] Weight { get; }
    /// <summary>Rows reached by each column (any order, no duplicates).</summary>
    public int[][] Columns { get; }
    public long[] Cost { get; }
    public int RowCount => Weight.Length;
    public int ColumnCount => Columns.Length;

    /// <summary>Total weight of rows some column reaches: the most any choice can cover.</summary>
    public long CoverableWeight()
    {
        var hit = new bool[RowCount];
        foreach (var col in Columns) foreach (int r in col) hit[r] = true;
        long sum = 0;
        for (int r = 0; r < hit.Length; r++) if (hit[r]) sum += Weight[r];
        return sum;
    }

    /// <summary>Weight covered by a set of columns (each row once).</summary>
    public long CoveredBy(IEnumerable<int> chosen)
    {
        var hit = new bool[RowCount];
        long sum = 0;
        foreach (int c in chosen)
            foreach (int r in Columns[c])
                if (!hit[r]) { hit[r] = true; sum += Weight[r]; }
        return sum;
    }

    /// <summary>
    /// Merges rows reached by exactly the same columns (weights summed), drops rows no column reaches and columns that
    /// reach nothing, and keeps one of each group of identical columns (the cheapest; then the lowest index).
    /// <paramref name="originalColumn"/> maps each kept column back to this instance's column.
    /// </summary>
    public CoverInstance Aggregate(out int[] originalColumn)
    {
        // Row signature = the sorted list of columns that reach it.
        var rowColumns = new List<int>[RowCount];
        for (int c = 0; c < ColumnCount; c++)
            foreach (int r in Columns[c]) (rowColumns[r] ??= []).Add(c);
        var rowGroup = new int[RowCount];
        var groups = new Dictionary<ColumnList, int>();
        var weights = new List<long>();
        for (int r = 0; r < RowCount; r++)
        {
            if (rowColumns[r] is not { } list) { rowGroup[r] = -1; continue; }
            var key = new ColumnList(list.ToArray());
            if (!groups.TryGetValue(key, out int g)) { g = weights.Count; groups.Add(key, g); weights.Add(0); }
            weights[g] += Weight[r];
            rowGroup[r] = g;
        }

        var kept = new Dictionary<ColumnList, int>();
        var order = Enumerable.Range(0, ColumnCount).OrderBy(c => Cost[c]).ThenBy(c => c);
        var columns = new List<int[]>();
        var costs = new List<long>();
        var original = new List<int>();
        foreach (int c in order)
        {
            var rows = Columns[c].Select(r => rowGroup[r]).Distinct().Order().ToArray();
            if (rows.Length == 0 || !kept.TryAdd(new ColumnList(rows), c)) continue;
            columns.Add(rows); costs.Add(Cost[c]); original.Add(c);
        }
        DropDominated(columns, costs, original, weights.Count);
        // Back to index order so ties resolve the same way in every solver.
        var byIndex = Enumerable.Range(0, original.Count).OrderBy(i => original[i]).ToArray();
        originalColumn = byIndex.Select(i => original[i]).ToArray();
        return new CoverInstance(weights.ToArray(), byIndex.Select(i => columns[i]).ToArray(), byIndex.Select(i => costs[i]).ToArray());
    }

    /// <summary>
    /// Removes each column whose rows are a subset of another's that costs no more: any answer using it does at least
    /// as well with the other, so the optimum (and the set-covering minimum) is unchanged.
    /// </summary>
    static void DropDominated(List<int[]> columns, List<long> costs, List<int> original, int rowCount)
    {
        var byRow = new List<int>[rowCount];
        for (int c = 0; c < columns.Count; c++) foreach (int r in columns[c]) (byRow[r] ??= []).Add(c);
        var hits = new int[columns.Count];
        var touched = new List<int>();
        var dropped = new bool[columns.Count];
        for (int a = 0; a < columns.Count; a++)
        {
            // Count, for every other column, how many of a's rows it has; one with all of them contains a.
            foreach (int r in columns[a])
                foreach (int b in byRow[r])
                    if (b != a && !dropped[b] && costs[b] <= costs[a] && hits[b]++ == 0) touched.Add(b);
            foreach (int b in touched)
            {
                if (hits[b] == columns[a].Length) dropped[a] = true;
                hits[b] = 0;
            }
            touched.Clear();
        }
        for (int c = columns.Count - 1; c >= 0; c--)
            if (dropped[c]) { columns.RemoveAt(c); costs.RemoveAt(c); original.RemoveAt(c); }
    }

    /// <summary>An int list compared by content, for grouping identical rows and columns.</summary>
    readonly struct ColumnList(int[] items) : IEquatable<ColumnList>
    {
        readonly int[] _items = items;
        public bool Equals(ColumnList other) => _items.AsSpan().SequenceEqual(other._items);
        public override bool Equals(object? obj) => obj is ColumnList o && Equals(o);
        public override int GetHashCode()
        {
            var h = new HashCode();
            foreach (int i in _items) h.Add(i);
            return h.ToHashCode();
        }
    }
}
