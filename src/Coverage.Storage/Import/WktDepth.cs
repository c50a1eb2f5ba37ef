namespace Coverage.Storage.Import;

/// <summary>
/// The WKT reader recurses once per bracket level, so deeply nested text (GEOMETRYCOLLECTION ( 60,000 deep) overflowed the
/// stack and killed the process. Real geometries nest at most 4 levels (a MultiPolygon's ring in a collection); 32 is plenty.
/// </summary>
static class WktDepth
{
    public const int Max = 32;

    /// <summary>The deepest bracket level of the text (counting stops once past <see cref="Max"/>).</summary>
    public static int Of(string wkt)
    {
        int depth = 0, deepest = 0;
        foreach (char c in wkt)
        {
            if (c == '(' && ++depth > deepest && (deepest = depth) > Max) return deepest;
            if (c == ')') depth--;
        }
        return deepest;
    }
}
