using System.Text.Json;

namespace KrgLogs.LoadGen;

public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
