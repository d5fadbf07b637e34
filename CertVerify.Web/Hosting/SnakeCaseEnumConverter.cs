using System.Text.Json.Serialization;
using System.Text.Json;

namespace CertVerify.Web.Hosting;

/// <summary>An enum in JSON as its <see cref="EnumNames.WireName{TEnum}"/> (<c>NotFound</c> as <c>not_found</c>).</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
