using NetArchTest.Rules;

namespace CertVerify.Tests.Architecture;

/// <summary>
/// The feature folders of CertVerify.Web (one namespace each) depend on each other one way only: a folder may use
/// the folders listed before it, never one after it. Program.cs and the start-up warm-up, at the root, compose them all.
/// </summary>
[Trait("Tier", "Unit")]
public class FeatureDependencyTests
{
    /// <summary>Lowest first. A new folder gets its place here (a test below fails until it has one).</summary>
    public static readonly string[] Layers =
    [
        "Hosting",      // what every replica does the same way: errors, JSON input, links, shared state, the change feed
        "Data",         // the database context, migrations, the interceptor that publishes changes
        "Accounts",     // the user model: users, roles, policies, claims, passwords
        "Security",     // rate limits and security headers
        "Audit",        // who did what
        "Mail",         // the outbox and its senders (each feature writes its own messages)
        "ApiKeys",
        "Auth",         // sign-in, sessions, authentication of cookies and keys
        "Users",        // Admins managing users
        "Organisation", // the issuer's profile and logo
        "Templates",
        "Certificates", // issuing and managing certificates, the status rule
        "RecipientMail", // what recipients are mailed: editable templates, expiry reminders and notices
        "Verification", // verifying a code: cache, verdict, log, QR codes
        "Credentials",  // signed credentials, keys, status lists
        "Documents",    // PDF and PNG documents, template previews
        "Health",
        "Instances",
        "Pages",        // the web console and public pages
        "OpenApi",      // the OpenAPI document of every API endpoint, and its reference UI
    ];

    private static readonly System.Reflection.Assembly Web = typeof(CertVerify.Web.Hosting.PublicUrls).Assembly;

    public static TheoryData<string> LayerNames => new(Layers);

    private static string Namespace(string layer) => $"CertVerify.Web.{layer}";

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_feature_depends_on_no_feature_after_it(string layer)
    {
        var later = Layers.SkipWhile(l => l != layer).Skip(1).Select(Namespace).ToArray();
        if (later.Length == 0)
        {
            return;
        }

        var result = Types.InAssembly(Web).That().ResideInNamespace(Namespace(layer))
            .ShouldNot().HaveDependencyOnAny(later)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"{layer} must not use a folder after it ({string.Join(", ", later)}); these types do: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    /// <summary>
    /// The static <c>...Api</c> classes only map HTTP to a feature's plain classes: no other feature uses them (the
    /// OpenAPI document's examples excepted, which describe their requests), so the rules live where anyone can call them.
    /// </summary>
    [Theory]
    [MemberData(nameof(LayerNames))]
    public void No_feature_uses_another_features_endpoints(string layer)
    {
        if (layer == "OpenApi")
        {
            return;
        }

        var othersEndpoints = Web.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: true, IsSealed: true, IsNested: false } && t.Name.EndsWith("Api", StringComparison.Ordinal))
            .Where(t => t.Namespace != Namespace(layer))
            .Select(t => t.FullName!)
            .ToArray();

        var result = Types.InAssembly(Web).That().ResideInNamespace(Namespace(layer))
            .ShouldNot().HaveDependencyOnAny(othersEndpoints)
            .GetResult();

        Assert.True(result.IsSuccessful,
            $"{layer} uses another feature's endpoint class; call the plain class behind it instead. These types do: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Every_feature_folder_has_its_place_in_the_order()
    {
        var placed = Layers.Select(Namespace).ToHashSet();
        var unplaced = Web.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(ns => ns.StartsWith("CertVerify.Web.", StringComparison.Ordinal))
            .Select(ns => string.Join('.', ns.Split('.').Take(3)))
            .Where(ns => !placed.Contains(ns))
            .Distinct()
            .ToList();

        Assert.Empty(unplaced);
    }
}
