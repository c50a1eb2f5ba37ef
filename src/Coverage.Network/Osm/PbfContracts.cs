using ProtoBuf;

namespace Coverage.Network.Osm;

// Lean protobuf-net contracts for the OSM PBF data block (https://wiki.openstreetmap.org/wiki/PBF_Format).
// They name only the fields a walking network needs; protobuf-net skips the rest (metadata, relations) as opaque
// length-delimited runs instead of decoding them, which is most of the decode time with OsmSharp's full contracts.
// protobuf-net assigns the fields by reflection, which the compiler cannot see.
#pragma warning disable CS0649

[ProtoContract]
internal sealed class LeanBlock
{
    [ProtoMember(1)] public LeanStringTable? StringTable;
    [ProtoMember(2)] public List<LeanGroup> Groups = [];
    [ProtoMember(17)] public int Granularity = 100;
    [ProtoMember(19)] public long LatOffset;
    [ProtoMember(20)] public long LonOffset;
}

[ProtoContract]
internal sealed class LeanStringTable
{
    [ProtoMember(1)] public List<byte[]> Strings = [];
}

[ProtoContract]
internal sealed class LeanGroup
{
    [ProtoMember(1)] public List<LeanNode> Nodes = [];
    [ProtoMember(2)] public LeanDense? Dense;
    [ProtoMember(3)] public List<LeanWay> Ways = [];
}

[ProtoContract]
internal sealed class LeanNode
{
    [ProtoMember(1, DataFormat = DataFormat.ZigZag)] public long Id;
    [ProtoMember(8, DataFormat = DataFormat.ZigZag)] public long Lat;
    [ProtoMember(9, DataFormat = DataFormat.ZigZag)] public long Lon;
}

[ProtoContract]
internal sealed class LeanDense
{
    [ProtoMember(1, DataFormat = DataFormat.ZigZag, IsPacked = true)] public long[] Id = [];
    [ProtoMember(8, DataFormat = DataFormat.ZigZag, IsPacked = true)] public long[] Lat = [];
    [ProtoMember(9, DataFormat = DataFormat.ZigZag, IsPacked = true)] public long[] Lon = [];
}

[ProtoContract]
internal sealed class LeanWay
{
    [ProtoMember(1)] public long Id;
    [ProtoMember(2, IsPacked = true)] public uint[] Keys = [];
    [ProtoMember(3, IsPacked = true)] public uint[] Vals = [];
    [ProtoMember(8, DataFormat = DataFormat.ZigZag, IsPacked = true)] public long[] Refs = [];
}
