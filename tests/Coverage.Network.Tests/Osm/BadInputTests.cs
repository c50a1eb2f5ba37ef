using System.IO.Compression;
using Coverage.Network.Cache;
using Coverage.Network.Osm;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Osm;

/// <summary>Every bad extract fails with a NetworkInputException: one line, Chinese and English, naming the file.</summary>
public class BadInputTests
{
    static NetworkInputException Fails(string path)
    {
        var e = Assert.Throws<NetworkInputException>(() => OsmNetworkReader.Read(path));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(" / ", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.Path);
        return e;
    }

    static string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(TempDir.Create(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var path = Path.Combine(TempDir.Create(), "nowhere.osm.pbf");
        Assert.StartsWith("找不到文件", Fails(path).Message);
        Assert.Throws<NetworkInputException>(() => WalkGraphCache.LoadOrBuild(path));
    }

    [Fact]
    public void A_truncated_pbf_is_reported()
    {
        var full = File.ReadAllBytes(Extracts.PathOf("andorra.osm.pbf"));
        Assert.Contains("truncated or corrupt", Fails(Write("cut.osm.pbf", full[..(full.Length / 2)])).Message);
        Assert.Contains("truncated or corrupt", Fails(Write("head.osm.pbf", full[..100])).Message);
    }

    /// <summary>
    /// An error of ours while reading a sound PBF (here the progress callback failing) is not the file's fault: it must
    /// surface as itself, not be reported to the planner as "truncated or corrupt, download again".
    /// </summary>
    [Fact]
    public void Our_own_error_while_reading_a_pbf_is_not_called_a_corrupt_file()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus", "network.osm.pbf");
        Assert.True(OsmNetworkReader.Read(path).Graph.EdgeCount > 0); // the file itself is sound
        var e = Assert.Throws<InvalidOperationException>(() => OsmNetworkReader.Read(path, new Progress(() => throw new InvalidOperationException("a bug of ours"))));
        Assert.Equal("a bug of ours", e.Message);
        Assert.Throws<NullReferenceException>(() => OsmNetworkReader.Read(path, new Progress(() => throw new NullReferenceException())));
    }

    /// <summary>Progress that runs the given action on every report, synchronously (System.Progress posts to the thread pool).</summary>
    sealed class Progress(Action onReport) : IProgress<double>
    {
        public void Report(double value) => onReport();
    }

    [Fact]
    public void Garbage_named_pbf_is_reported() =>
        Assert.Contains("truncated or corrupt", Fails(Write("garbage.osm.pbf", "this is not protobuf at all"u8.ToArray())).Message);

    [Fact]
    public void Xml_that_is_not_osm_is_reported()
    {
        var e = Fails(Write("page.osm", "<html><body>hello</body></html>"u8.ToArray()));
        Assert.StartsWith("文件不是 OSM 数据", e.Message);
        Assert.Contains("<html>", e.Message);
    }

    [Fact]
    public void Text_that_is_not_xml_is_reported() =>
        Assert.Contains("not XML", Fails(Write("notes.osm", "highway=footway\n"u8.ToArray())).Message);

    [Fact]
    public void Truncated_osm_xml_is_reported()
    {
        var xml = File.ReadAllBytes(Extracts.PathOf("bautzen.osm"));
        Assert.Contains("truncated XML", Fails(Write("cut.osm", xml[..(xml.Length / 2)])).Message);
    }

    [Fact]
    public void An_extract_without_walkable_ways_is_reported()
    {
        var osm = new OsmXml().Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0)
            .Way(100, [1, 2], "waterway", "canal").Way(101, [2, 3], "highway", "motorway");
        var e = Fails(osm.Save("water.osm"));
        Assert.Contains("no walkable ways", e.Message);
        Assert.Contains("2 ways read", e.Message);
        Assert.Contains("no walkable ways", Fails(new OsmXml().Save("empty.osm")).Message);
    }

    [Theory]
    [InlineData("extract.osm.bz2")] [InlineData("extract.shp")] [InlineData("extract")]
    public void An_unknown_extension_is_reported(string name) =>
        Assert.Contains("Unsupported file type", Fails(Write(name, "<osm/>"u8.ToArray())).Message);

    [Fact]
    public void A_gz_file_that_is_not_gzip_is_reported() =>
        Assert.Contains("not valid gzip", Fails(Write("plain.osm.gz", File.ReadAllBytes(Extracts.PathOf("bautzen.osm")))).Message);

    [Fact]
    public void A_gzip_with_a_broken_body_is_reported()
    {
        var gz = File.ReadAllBytes(Extracts.PathOf("monaco.osm.gz"));
        for (int i = 100; i < 400; i++) gz[i] ^= 0x5A;
        var e = Fails(Write("broken.osm.gz", gz));
        Assert.True(e.Message.Contains("not valid gzip") || e.Message.Contains("not OSM data"), e.Message);
    }

    [Fact]
    public void Gzipped_html_is_not_osm()
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gz.Write("<html/>"u8);
        Assert.StartsWith("文件不是 OSM 数据", Fails(Write("page.osm.gz", buffer.ToArray())).Message);
    }
}
