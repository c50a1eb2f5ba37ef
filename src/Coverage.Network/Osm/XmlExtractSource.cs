using System.Globalization;
using System.Xml;
using Coverage.Network.Graph;

namespace Coverage.Network.Osm;

/// <summary>
/// Streams OSM XML (.osm, or .osm.gz through a GZipStream) with one forward-only XmlReader pass that keeps only what
/// the graph needs: node id/lat/lon, way refs and the access-relevant tags. Element names are atomised in a shared
/// NameTable and compared by reference; no OsmGeo object per element (OsmSharp's XML source built one per node,
/// which was most of the read time).
/// </summary>
internal static class XmlExtractSource
{
    /// <summary>Checks the document element is &lt;osm&gt; before the full read (anything else would read as empty).</summary>
    public static void CheckIsOsm(Stream stream, string path)
    {
        string root;
        try
        {
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, CloseInput = false });
            xml.MoveToContent();
            root = xml.LocalName;
        }
        catch (XmlException e) { throw NetworkInputException.NotOsmXml(path, "not XML: " + e.Message, e); }
        if (root != "osm") throw NetworkInputException.NotOsmXml(path, $"root element is <{root}>, not <osm>");
    }

    sealed class Names(XmlNameTable t)
    {
        public readonly string Node = t.Add("node"), Way = t.Add("way"), Nd = t.Add("nd"), Tag = t.Add("tag"),
            Id = t.Add("id"), Lat = t.Add("lat"), Lon = t.Add("lon"), Ref = t.Add("ref"), K = t.Add("k"), V = t.Add("v");
    }

    public static void Read(Stream stream, ExtractCollector sink, Action? elementsDone)
    {
        var table = new NameTable();
        var n = new Names(table);
        var settings = new XmlReaderSettings
        {
            NameTable = table, DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true, CloseInput = false,
        };
        using var xml = XmlReader.Create(stream, settings);
        var refs = new List<long>(256);
        int sinceReport = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            string name = xml.LocalName;
            if (ReferenceEquals(name, n.Node)) ReadNode(xml, n, sink);
            else if (ReferenceEquals(name, n.Way)) ReadWay(xml, n, sink, refs);
            else continue;
            if (++sinceReport == 4096) { sinceReport = 0; elementsDone?.Invoke(); }
        }
    }

    /// <summary>A node without a position (a deleted one in a history extract) is skipped, as OsmSharp did.</summary>
    static void ReadNode(XmlReader xml, Names n, ExtractCollector sink)
    {
        long? id = null;
        double? lat = null, lon = null;
        while (xml.MoveToNextAttribute())
        {
            string a = xml.LocalName;
            if (ReferenceEquals(a, n.Id)) id = Long(xml);
            else if (ReferenceEquals(a, n.Lat)) lat = Double(xml);
            else if (ReferenceEquals(a, n.Lon)) lon = Double(xml);
        }
        if (id is { } i && lat is { } la && lon is { } lo) sink.AddNode(i, WalkGraphBuilder.ToFixed(la), WalkGraphBuilder.ToFixed(lo));
    }

    static void ReadWay(XmlReader xml, Names n, ExtractCollector sink, List<long> refs)
    {
        refs.Clear();
        var tags = new WayTags();
        long id = xml.GetAttribute(n.Id) is { } idText ? Long(xml, idText) : 0;
        xml.MoveToElement();
        if (!xml.IsEmptyElement)
        {
            int depth = xml.Depth;
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType != XmlNodeType.Element) continue;
                string name = xml.LocalName;
                if (ReferenceEquals(name, n.Nd))
                {
                    if (xml.GetAttribute(n.Ref) is { } r) refs.Add(Long(xml, r));
                }
                else if (ReferenceEquals(name, n.Tag) && xml.GetAttribute(n.K) is { } k && WayTags.Wants(k))
                    tags.Set(k, xml.GetAttribute(n.V) ?? "");
            }
        }
        sink.AddWay(sink.Classify(tags), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(refs), id, tags.Label);
    }

    static long Long(XmlReader xml) => Long(xml, xml.Value);

    static long Long(XmlReader xml, string s) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw Bad(xml, s);

    static double Double(XmlReader xml)
    {
        string s = xml.Value;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Bad(xml, s);
    }

    static XmlException Bad(XmlReader xml, string value)
    {
        var line = xml as IXmlLineInfo;
        return new XmlException($"'{value}' is not a number", null, line?.LineNumber ?? 0, line?.LinePosition ?? 0);
    }
}
