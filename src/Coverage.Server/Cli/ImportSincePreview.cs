using System.Globalization;
using Coverage.Core;
using Coverage.Storage;

namespace Coverage.Server.Cli;

/// <summary>
/// An import against a plan that moved on since its dry run: the dry run names the edit log's newest entry (the cursor),
/// and the import given <c>--since-preview N</c> lists the rows it would change that someone changed after entry N, and
/// refuses unless told to overwrite them.
/// </summary>
public static class ImportSincePreview
{
    /// <summary>The line the dry run ends with.</summary>
    public static string CursorLine(long cursor) =>
        $"预览基于编辑日志 #{cursor};正式导入时加 --since-preview {cursor} 可发现此后他人的修改 / " +
        $"preview at edit-log #{cursor}; import with --since-preview {cursor} to catch changes made by others since";

    /// <summary>The last change after the cursor of each of the rows the import would change, oldest id first.</summary>
    public static async Task<IReadOnlyList<EditLogEntry>> ChangedSinceAsync(IPlanStore store, string entity, IReadOnlySet<string> ids,
        long cursor, CancellationToken ct)
    {
        var last = new Dictionary<string, EditLogEntry>(StringComparer.Ordinal);
        for (var after = cursor; ;)
        {
            var page = await store.ReadEditLogAsync(new EditLogQuery { Entity = entity, AfterId = after }, ct);
            if (page.Count == 0) break;
            foreach (var e in page.Where(e => ids.Contains(e.EntityId))) last[e.EntityId] = e;
            after = page[^1].Id;
        }
        return last.Values.OrderBy(e => e.EntityId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Lists the rows changed since the preview on stderr, then refuses (an input error: nothing is written).</summary>
    public static InputException Refusal(IReadOnlyList<EditLogEntry> changed, string layerZh, string layerName, long cursor)
    {
        foreach (var e in changed)
        {
            var at = e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            Console.Error.WriteLine($"  {e.EntityId}:{e.Actor} 于 {at} 修改(编辑日志 #{e.Id})/ {e.EntityId}: changed by {e.Actor} at {at} (edit-log #{e.Id})");
        }
        return new InputException(
            $"预览(编辑日志 #{cursor})之后,本次导入要修改的 {changed.Count} 个{layerZh}已被他人修改(见上),未导入任何数据;" +
            "请重新试运行查看,或加 --overwrite 覆盖这些修改",
            $"{changed.Count} {layerName} this import would change were changed by others after the preview (edit-log #{cursor}; listed above); " +
            "nothing was imported: dry-run again to review, or add --overwrite to overwrite their changes");
    }
}
