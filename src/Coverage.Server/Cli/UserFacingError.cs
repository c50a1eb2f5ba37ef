namespace Coverage.Server.Cli;

/// <summary>Which exceptions carry a message meant for the user (bad input, missing files), as opposed to bugs.</summary>
public static class UserFacingError
{
    public static bool TryDescribe(Exception ex, out string message)
    {
        if (ex is AggregateException { InnerExceptions.Count: 1 } agg) ex = agg.InnerExceptions[0];
        switch (ex)
        {
            case FormatException or ArgumentException or FileNotFoundException or DirectoryNotFoundException
                or InvalidDataException or UnauthorizedAccessException or IOException:
                message = ex.Message;
                return true;
            case Coverage.Core.InputException or Coverage.Storage.PlanStoreException or Coverage.Core.Seeds.SeedFormatException:
                message = ex.Message;
                return true;
            default:
                message = "";
                return false;
        }
    }
}
