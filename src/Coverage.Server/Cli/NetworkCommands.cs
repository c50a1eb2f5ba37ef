using System.CommandLine;

namespace Coverage.Server.Cli;

/// <summary>`coverage network build|time`: the walking network of an OSM extract.</summary>
public static class NetworkCommands
{
    public static Command Create()
    {
        var network = new Command("network", "步行路网 / The walking network built from an OSM extract");
        return network;
    }
}
