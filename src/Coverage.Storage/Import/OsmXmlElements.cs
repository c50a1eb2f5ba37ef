using System.Globalization;
using System.Xml;
using OsmSharp;
using OsmSharp.Tags;

namespace Coverage.Storage.Import;

/// <summary>
/// OSM XML (.osm, .osm.gz) as OsmSharp nodes, ways and relations, read with one forward-only XmlReader. Replaces
/// OsmSharp's XmlOsmStreamSource for the importers because that one throws on a key repeated within one element
/// (`&lt;tag k="introduction"/&gt;` twice, as in real extracts downloaded from the OSM API, e.g. Peking University's
/// 2017 map): here the first value of a repeated key is kept, as the network reader keeps one value per key.
/// A node without a position (deleted in a history extract) is skipped.
/// </summary>
static class OsmXmlElements
{
    public static IEnumerable<OsmGeo> Read(Stream stream)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, IgnoreWhitespace = true, IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        using var xml = XmlReader.Create(stream, settings);
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            switch (xml.LocalName)
            {
                case "node":
                    var node = new Node { Id = Long(xml.GetAttribute("id")), Latitude = Double(xml.GetAttribute("lat")), Longitude = Double(xml.GetAttribute("lon")) };
                    node.Tags = Children(xml, null);
                    if (node.Latitude is not null && node.Longitude is not null) yield return node;
                    break;
                case "way":
                    var way = new Way { Id = Long(xml.GetAttribute("id")) };
                    var refs = new List<long>();
                    way.Tags = Children(xml, refs);
                    way.Nodes = refs.ToArray();
                    yield return way;
                    break;
                case "relation":
                    yield return new Relation { Id = Long(xml.GetAttribute("id")), Tags = Children(xml, null), Members = [] };
                    break;
            }
        }
    }

    /// <summary>Reads an element's tag children (and nd refs when <paramref name="refs"/> is given) up to its end.</summary>
    static TagsCollection Children(XmlReader xml, List<long>? refs)
    {
        var tags = new TagsCollection();
        xml.MoveToElement();
        if (xml.IsEmptyElement) return tags;
        int depth = xml.Depth;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "tag" && xml.GetAttribute("k") is { } k && !tags.ContainsKey(k)) tags.Add(k, xml.GetAttribute("v") ?? "");
            else if (refs is not null && xml.LocalName == "nd" && Long(xml.GetAttribute("ref")) is { } r) refs.Add(r);
        }
        return tags;
    }

    static long? Long(string? s) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    static double? Double(string? s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
