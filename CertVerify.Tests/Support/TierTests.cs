using System.Reflection;
using CertVerify.Tests.Topology;

namespace CertVerify.Tests.Support;

/// <summary>
/// Every test class names its tier, and the tier says what the class runs against, since <c>eng/test.sh --fast</c>
/// picks tests by this trait: <c>Unit</c> (no application, no database), <c>InProcess</c> (a collection fixture of
/// <see cref="InProcessFixture"/>), <c>Topology</c> (a collection fixture of <see cref="TopologyFixture"/>).
/// </summary>
[Trait("Tier", "Unit")]
public sealed class TierTests
{
    [Fact]
    public void Every_test_class_names_the_tier_of_what_it_runs_against()
    {
        var assembly = typeof(TierTests).Assembly;
        var fixtures = assembly.GetTypes()
            .Where(type => type.IsDefined(typeof(CollectionDefinitionAttribute)))
            .ToDictionary(CollectionName, CollectionFixture);

        var wrong = assembly.GetTypes().Where(IsTestClass).Select(type =>
        {
            var tiers = type.GetCustomAttributesData()
                .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Tier")
                .Select(a => (string?)a.ConstructorArguments[1].Value)
                .ToList();
            var fixture = type.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType == typeof(CollectionAttribute)) is { } collection
                ? fixtures.GetValueOrDefault((string)collection.ConstructorArguments[0].Value!)
                : null;
            var expected = fixture switch
            {
                not null when fixture.IsAssignableTo(typeof(TopologyFixture)) => "Topology",
                not null when fixture.IsAssignableTo(typeof(InProcessFixture)) => "InProcess",
                _ => "Unit",
            };
            return tiers.SequenceEqual([expected]) ? null : $"{type.FullName}: [Trait(\"Tier\", ...)] {string.Join(", ", tiers)}, expected {expected}";
        }).OfType<string>().ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static bool IsTestClass(Type type) =>
        type.GetMethods().Any(method => method.GetCustomAttributes<FactAttribute>().Any());

    private static string CollectionName(Type definition) =>
        (string)definition.GetCustomAttributesData().Single(a => a.AttributeType == typeof(CollectionDefinitionAttribute)).ConstructorArguments[0].Value!;

    private static Type? CollectionFixture(Type definition) =>
        definition.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionFixture<>))
            .Select(i => i.GetGenericArguments()[0])
            .SingleOrDefault();
}
