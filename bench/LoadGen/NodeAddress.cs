using System.Net;

namespace KrgLogs.LoadGen;

/// <summary>Simulated node k sends from 127.0.(1 + k/254).(1 + k%254): its own loopback source address.</summary>
public static class NodeAddress
{
    public static IPAddress Of(int index) => new([127, 0, (byte)(1 + (index / 254)), (byte)(1 + (index % 254))]);

    /// <summary>The node name krglogs gives it (the source IP, no node map).</summary>
    public static string NameOf(int index) => Of(index).ToString();
}
