using System.Xml;
using Coverage.Network.Graph;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Network.Osm;

/// <summary>Streams OSM XML (.osm, or .osm.gz through a GZipStream) with OsmSharp, one element at a time.</summary>
internal static class XmlExtractSource
{
    /// <summary>Checks the document element is &lt;osm&gt; before the full read (OsmSharp reads anything else as empty).</summary>
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

    public static void Read(Stream stream, ExtractCollector sink, Action? elementsDone)
    {
        using var source = new XmlOsmStreamSource(stream);
        int sinceReport = 0;
        while (source.MoveNext(false, false, true))
        {
            switch (source.Current())
            {
                case Node { Id: { } id, Latitude: { } lat, Longitude: { } lon }:
                    sink.AddNode(id, WalkGraphBuilder.ToFixed(lat), WalkGraphBuilder.ToFixed(lon));
                    break;
                case Way way:
                    sink.AddWay(PedestrianAccess.Classify(way.Tags), way.Nodes ?? []);
                    break;
            }
            if (++sinceReport == 4096) { sinceReport = 0; elementsDone?.Invoke(); }
        }
    }
}
