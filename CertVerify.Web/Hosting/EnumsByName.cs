using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CertVerify.Web.Hosting;

/// <summary>
/// Enums by name, never by number, unless the enum names its own converter (e.g. <see cref="SnakeCaseEnumConverter{TEnum}"/>):
/// a converter in the options would otherwise win over the one the type asks for.
/// </summary>
public sealed class EnumsByName : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _byName = new(allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.GetCustomAttribute<JsonConverterAttribute>() is null;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        _byName.CreateConverter(typeToConvert, options);
}
