using System.Text.Json;
using Coverage.Network.Graph;
using Coverage.Server.Region;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Api;

/// <summary>/api/network/lines: water and the walkable edges as GeoJSON, so the page can draw a basemap with no tile server.</summary>
public static class NetworkEndpoints
{
    public static void MapNetworkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/network").WithTags("Network")
            .MapGet("/lines", Lines).Produces(200, contentType: "application/geo+json")
            .WithSummary("Water, then walkable edges, in a bbox as a FeatureCollection (properties.kind: water, canal, river; way, bridge, steps, ferry); "
                + "maxLines=N: at most N edges, the longest, and truncated: true when more were in the box");
    }

    /// <summary>The most edges one answer may be asked to hold (a province's view at street zoom holds far fewer).</summary>
    public const int MaxLinesCap = 200_000;

    /// <summary>Streams the features straight from the graph arrays: a county's network is too large to build as objects.</summary>
    static IResult Lines(RegionHost region, IOptions<JsonOptions> json, string? bbox, string? maxLines) =>
        new GeoJsonStream(QueryArgs.Bbox(bbox), QueryArgs.PositiveInt(maxLines, "maxLines", MaxLinesCap), region.Graph, region.Water,
            json.Value.SerializerOptions);

    /// <summary>
    /// The edges in the box, in graph order; with a cap (a large region's page reads its basemap by viewport and a province's
    /// overview would hold a million lines) only the cap's longest, so a zoomed-out view keeps its long roads, and
    /// <c>truncated</c> says some were left out. The graph's shared edge index answers, so a pan touches only nearby edges.
    /// </summary>
    internal static (List<int> Edges, bool Truncated) EdgesIn(WalkGraph graph, Envelope? box, int? cap) =>
        EdgeBoxIndex.KeepLongest(graph, EdgeBoxIndex.For(graph).EdgesIn(box), cap);

    sealed class GeoJsonStream(Envelope? box, int? maxLines, WalkGraph graph, IReadOnlyList<WaterFeature> water, JsonSerializerOptions json) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var (edges, truncated) = EdgesIn(graph, box, maxLines);
            http.Response.ContentType = "application/geo+json";
            await using var w = new Utf8JsonWriter(http.Response.BodyWriter);
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            if (maxLines is not null) w.WriteBoolean("truncated", truncated);
            w.WriteStartArray("features");
            foreach (var piece in water)
            {
                // Water first: the page draws features in order, so roads and bridges lie on top of canals.
                if (box is not null && !box.Intersects(piece.Geometry.EnvelopeInternal)) continue;
                WriteWater(w, piece);
            }
            foreach (int e in edges)
            {
                WriteEdge(w, e);
                if (w.BytesPending > 32 * 1024) await w.FlushAsync(http.RequestAborted);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            await w.FlushAsync(http.RequestAborted);
        }

        void WriteWater(Utf8JsonWriter w, WaterFeature piece)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WritePropertyName("geometry");
            JsonSerializer.Serialize(w, piece.Geometry, json); // the app's options carry the GeoJSON converters
            w.WriteStartObject("properties");
            w.WriteString("kind", piece.Kind);
            if (piece.Name is not null) w.WriteString("name", piece.Name);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        void WriteEdge(Utf8JsonWriter w, int e)
        {
            var flags = graph.EdgeFlagsOf[e];
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("geometry");
            w.WriteString("type", "LineString");
            w.WriteStartArray("coordinates");
            for (int i = 0, n = graph.EdgePointCount(e); i < n; i++)
            {
                var (lon, lat) = graph.EdgePoint(e, i);
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(lon, 6));
                w.WriteNumberValue(Math.Round(lat, 6));
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("kind", (flags & EdgeFlags.Ferry) != 0 ? "ferry" : (flags & EdgeFlags.Bridge) != 0 ? "bridge"
                : (flags & EdgeFlags.Steps) != 0 ? "steps" : "way");
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
