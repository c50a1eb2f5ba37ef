using Coverage.Core;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>
/// One feature of a GIS file as stored: its 1-based number, attributes as text in column order, and its geometry in the
/// file's own coordinates (null with <see cref="GeometryError"/> when missing or unreadable). Shared by the plan row
/// importers and <see cref="GisLayerFile"/>, so each format is read by one code path.
/// </summary>
sealed record LayerRecord(int Number, IReadOnlyList<KeyValuePair<string, string?>> Columns, Geometry? Geometry, (string Zh, string En)? GeometryError)
{
    /// <summary>Columns that held binary data (their value is null in <see cref="Columns"/>) and how many bytes.</summary>
    public IReadOnlyList<(string Column, int Bytes)> Blobs { get; init; } = [];
    /// <summary>GeoJSON only: the feature's "id" member as text.</summary>
    public string? FeatureId { get; init; }
}

/// <summary>
/// An opened layer: its records (read lazily for GeoPackage and GeoJSON) and the coordinate system the file itself
/// declares (.prj, GeoPackage srs, GeoJSON "crs" member), or null when it says nothing. <paramref name="DeclaredBy"/>
/// names where the declaration came from, for messages.
/// </summary>
sealed record LayerSource(IEnumerable<LayerRecord> Records, WktCrs? Declared, Bilingual DeclaredBy)
{
    /// <summary>The GeoPackage layer read (null for single-layer formats).</summary>
    public string? Layer { get; init; }
}

/// <summary>
/// Which coordinate system reads a layer when the planner's --crs and the file's own declaration meet. The rule:
/// <list type="bullet">
/// <item>Nothing stated: the file's declaration; with none either, the caller assumes (row importers: WGS84) or guesses.</item>
/// <item>GCJ-02/BD-09 stated: a declaration cannot express these offsets, so a geographic one (WGS84/CGCS2000) is read
/// as the lon/lat the offset applies to; a projected declaration contradicts it and is refused.</item>
/// <item>Any other stated system wins over the declaration: the planner typed it, and CAD-converted layers often carry a
/// wrong .prj. When the two disagree by more than a metre at a probe point a warning names both.</item>
/// </list>
/// </summary>
static class LayerCrs
{
    /// <summary>The declaration to apply before <paramref name="stated"/> (null: none), or an error when they contradict.</summary>
    public static WktCrs? Declaration(CrsSpec? stated, LayerSource source, ICollection<ImportWarning> warnings)
    {
        var declared = source.Declared;
        if (stated is null || declared is null) return declared;
        if (stated.Kind == CrsKind.Offset)
        {
            if (declared.IsWgs84) return null;
            throw new ImportFormatException(
                $"--crs {stated.Name} 是经纬度偏移坐标，但{source.DeclaredBy.Zh}声明的是 {declared.Name}；请去掉 --crs，或在 GIS 中把图层导出为经纬度",
                $"--crs {stated.Name} is an offset longitude/latitude system but {source.DeclaredBy.En} declares {declared.Name}; drop --crs or export the layer as longitude/latitude");
        }
        if (!Agree(stated, declared))
            warnings.Add(new($"--crs {stated} 与{source.DeclaredBy.Zh}声明的 {declared.Name} 不一致，按 --crs 读取",
                $"--crs {stated} disagrees with {declared.Name} declared by {source.DeclaredBy.En}: read as --crs says"));
        return null;
    }

    /// <summary>The reason text when the declaration is used.</summary>
    public static Bilingual DeclaredReason(LayerSource source, CrsSpec? offset) => offset is { Kind: CrsKind.Offset }
        ? new($"{source.DeclaredBy.Zh}声明 {source.Declared!.Name}，按 --crs 去除 {offset.Name} 偏移", $"{source.DeclaredBy.En} declares {source.Declared!.Name}; the {offset.Name} offset removed as --crs says")
        : new($"按{source.DeclaredBy.Zh}声明的 {source.Declared!.Name} 读取", $"read in {source.Declared!.Name} as declared by {source.DeclaredBy.En}");

    /// <summary>The two systems put one probe point (in China, on the stated zone's central meridian) within a metre of each other.</summary>
    static bool Agree(CrsSpec stated, WktCrs declared)
    {
        var probe = new LonLat(stated.Kind == CrsKind.GaussKruger3 ? stated.CentralMeridian + 0.5 : 117.5, 32);
        var (x, y) = stated.FromWgs84(probe);
        try { return declared.ToWgs84(x, y).DistanceTo(probe) < 1; }
        catch (Exception e) when (e is ArgumentException or ArithmeticException) { return false; }
    }
}
