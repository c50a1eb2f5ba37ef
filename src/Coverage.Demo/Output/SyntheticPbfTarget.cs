using OsmSharp.IO.PBF;
using OsmSharp.Streams;
using ProtoBuf.Meta;

namespace Coverage.Demo.Output;

/// <summary>
/// OsmSharp's PBF target with a header that says what the file is: the header block carries the bounding box,
/// writingprogram and a source line starting "SYNTHETIC", stored uncompressed so `strings` or a hex view shows it.
/// </summary>
internal sealed class SyntheticPbfTarget(Stream output, string source, string writingProgram,
    (double Left, double Right, double Top, double Bottom) bbox) : PBFOsmStreamTarget(output)
{
    readonly Stream _output = output;

    const double NanoDegrees = 1e9;

    public override void Initialize()
    {
        var model = RuntimeTypeModel.Create();
        model.Add(typeof(BlobHeader), true);
        model.Add(typeof(Blob), true);
        model.Add(typeof(HeaderBlock), true);

        var header = new HeaderBlock
        {
            source = source,
            writingprogram = writingProgram,
            bbox = new HeaderBBox
            {
                left = (long)Math.Round(bbox.Left * NanoDegrees), right = (long)Math.Round(bbox.Right * NanoDegrees),
                top = (long)Math.Round(bbox.Top * NanoDegrees), bottom = (long)Math.Round(bbox.Bottom * NanoDegrees),
            },
        };
        header.required_features.Add("OsmSchema-V0.6");
        header.required_features.Add("DenseNodes");
        header.optional_features.Add("Sort.Type_then_ID");

        using var headerBytes = new MemoryStream();
        model.Serialize(headerBytes, header);
        var blob = new Blob { raw = headerBytes.ToArray(), raw_size = (int)headerBytes.Length };
        using var blobBytes = new MemoryStream();
        model.Serialize(blobBytes, blob);
        var blobHeader = new BlobHeader { type = Encoder.OSMHeader, datasize = (int)blobBytes.Length };
        model.SerializeWithLengthPrefix(_output, blobHeader, typeof(BlobHeader), ProtoBuf.PrefixStyle.Fixed32BigEndian, 0);
        blobBytes.Position = 0;
        blobBytes.CopyTo(_output);
    }
}
