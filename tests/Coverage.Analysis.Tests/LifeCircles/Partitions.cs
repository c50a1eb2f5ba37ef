using Coverage.Analysis.LifeCircles;

namespace Coverage.Analysis.Tests.LifeCircles;

/// <summary>
/// The brute-force oracle: every set partition of the members that have a centre (restricted growth strings), each
/// block judged straight from the rule's definition — some member c of the block is a centre that reaches every member
/// within the limit; the block holds at most the size bound unless it is one member; every other member has, among its
/// neighbours nearer to c by walk time, one in the block (or has no such neighbour at all).
/// </summary>
static class Partitions
{
    public static (int Units, long Seconds)? Best(LifeCircleInstance inst)
    {
        var members = Enumerable.Range(0, inst.Count).Where(i => inst.Within[i].Keys.Any(j => inst.Within[j].ContainsKey(j))).ToArray();
        (int, long)? best = null;
        var block = new int[members.Length];
        void Grow(int at, int blocks)
        {
            if (at == members.Length)
            {
                long total = 0;
                for (int b = 0; b < blocks; b++)
                {
                    var set = Enumerable.Range(0, members.Length).Where(k => block[k] == b).Select(k => members[k]).ToList();
                    long? cost = BlockCost(inst, set);
                    if (cost is null) return;
                    total += cost.Value;
                }
                if (best is null || (blocks, total).CompareTo(best.Value) < 0) best = (blocks, total);
                return;
            }
            for (int b = 0; b <= blocks; b++) { block[at] = b; Grow(at + 1, Math.Max(blocks, b + 1)); }
        }
        Grow(0, 0);
        return best;
    }

    /// <summary>Least total whole seconds over the block's valid centres; null if none is valid.</summary>
    static long? BlockCost(LifeCircleInstance inst, List<int> block)
    {
        long people = block.Sum(m => (long)inst.Members[m].Population);
        if (block.Count > 1 && people > inst.Rule.PopulationMax) return null;
        long? best = null;
        foreach (int c in block)
        {
            if (!inst.Within[c].ContainsKey(c) || block.Any(i => !inst.Within[i].ContainsKey(c))) continue;
            bool linked = block.All(i => i == c || Nearer(inst, i, c) is var nearer && (nearer.Count == 0 || nearer.Any(block.Contains)));
            if (!linked) continue;
            long cost = block.Sum(i => (long)Math.Round(inst.Within[i][c]));
            if (best is null || cost < best) best = cost;
        }
        return best;
    }

    static List<int> Nearer(LifeCircleInstance inst, int i, int c) =>
        inst.Neighbours[i].Where(k => inst.Within[k].TryGetValue(c, out double t) && t < inst.Within[i][c]).ToList();
}
