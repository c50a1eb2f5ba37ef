using System.Reflection;

namespace Coverage.Storage.Sql;

/// <summary>A schema step: an embedded plain SQL file named NNNN_name.sql, applied in number order.</summary>
internal sealed record SqlMigration(int Version, string Name, string Sql)
{
    /// <summary>The embedded migrations whose logical names start with prefix (e.g. "postgis/"), in order.</summary>
    public static IReadOnlyList<SqlMigration> Load(string prefix)
    {
        var assembly = typeof(SqlMigration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new SqlMigration(int.Parse(file[..file.IndexOf('_')]), file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
