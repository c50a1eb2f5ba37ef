namespace Coverage.Analysis.Siting;

/// <summary>
/// A capacitated siting problem as plain arrays: rows are demand points with integer weights (centi-people, as in
/// <see cref="CoverInstance"/>); columns are sites, each with the rows within the circle's minutes and an integer
/// capacity in the same units (capacity × 100). Fixed columns (existing facilities) are always open; the solver chooses
/// which candidate columns to open. Served demand is a transportation problem: a row's weight may be split among the
/// open columns reaching it, no column taking more than its capacity.
/// </summary>
public sealed class CapacitatedInstance
{
    public CapacitatedInstance(long[] weight, int[][] columns, long[] capacity, bool[]? fixedOpen = null)
    {
        if (capacity.Length != columns.Length) throw new ArgumentException("One capacity per column.");
        foreach (var col in columns)
            foreach (int r in col)
                if ((uint)r >= (uint)weight.Length) throw new ArgumentException($"Row {r} is not a row of the instance ({weight.Length} rows).");
        Weight = weight;
        Columns = columns;
        Capacity = capacity;
        Fixed = fixedOpen ?? new bool[columns.Length];
    }

    public long[] Weight { get; }
    public int[][] Columns { get; }
    public long[] Capacity { get; }
    /// <summary>Columns open whatever is chosen (existing facilities).</summary>
    public bool[] Fixed { get; }
    public int RowCount => Weight.Length;
    public int ColumnCount => Columns.Length;
}
