using System.Collections.Concurrent;
using Coverage.Network.Graph;
using Coverage.Network.Search;

namespace Coverage.Analysis.Circles;

/// <summary>Reusable search buffers (heap, times, sources), pooled so concurrent requests never share one.</summary>
sealed class SearchScratch(WalkGraph graph)
{
    public readonly SearchSpace Space = new(graph);
    public readonly TravelTimes Times = new(graph);
    public readonly SourceSet Sources = new();
}

sealed class SearchScratchPool(WalkGraph graph)
{
    readonly ConcurrentBag<SearchScratch> _free = [];

    public SearchScratch Rent() => _free.TryTake(out var s) ? s : new SearchScratch(graph);

    public void Return(SearchScratch scratch)
    {
        scratch.Sources.Clear();
        _free.Add(scratch);
    }
}
