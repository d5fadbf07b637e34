using System.Text.Json;

namespace CertVerify.Web.Hosting;

/// <summary>How an enum value is written wherever it leaves the process: JSON, stored rows, CSS classes.</summary>
public static class EnumNames
{
    public static string WireName<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum ParseWireName<TEnum>(string name) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(name.Replace("_", ""), ignoreCase: true);
}
