using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.Geometries.Utilities;

namespace Coverage.Storage.Export;

/// <summary>
/// Every export writes plain 2D geometries (x = longitude, y = latitude). Our geometries carry no heights, and a
/// Z or M ordinate that is NaN makes GDAL drop the whole geometry when it converts the file (ogr2ogr:
/// "Infinite or NaN coordinate encountered"), so no exporter may write one.
/// </summary>
public static class PlainXY
{
    static readonly CoordinateArraySequenceFactory XYFactory = CoordinateArraySequenceFactory.Instance;

    /// <summary>The geometry with only X and Y (itself when it already has no Z or M dimension).</summary>
    public static Geometry Of(Geometry g)
    {
        if (!HasExtraDimension(g)) return g;
        var editor = new GeometryEditor(new GeometryFactory(g.PrecisionModel, g.SRID, XYFactory));
        return editor.Edit(g, new XYOnly());
    }

    static bool HasExtraDimension(Geometry g)
    {
        bool extra = false;
        g.Apply(new SequenceProbe(s => extra |= s.HasZ || s.HasM || s.Dimension > 2));
        return extra;
    }

    sealed class SequenceProbe(Action<CoordinateSequence> probe) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => false;
        public void Filter(CoordinateSequence seq) => probe(seq);
    }

    sealed class XYOnly() : GeometryEditor.CoordinateSequenceOperation((seq, _) =>
    {
        var xy = XYFactory.Create(seq.Count, 2, 0);
        for (int i = 0; i < seq.Count; i++)
        {
            xy.SetX(i, seq.GetX(i));
            xy.SetY(i, seq.GetY(i));
        }
        return xy;
    });
}
