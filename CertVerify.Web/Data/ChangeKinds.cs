namespace CertVerify.Web.Data;

/// <summary>The names under which the <see cref="ChangePublishingInterceptor"/> publishes new and changed rows.</summary>
public static class ChangeKinds
{
    /// <summary>Rows of this type that were inserted (e.g. new certificates, a new signing key).</summary>
    public static string Added<T>() => For(typeof(T), added: true);

    /// <summary>Rows of this type about to be inserted: announced before the commit, and again as added after it.</summary>
    public static string Adding<T>() => Adding(typeof(T));

    /// <summary>Rows of this type that were updated or deleted.</summary>
    public static string Changed<T>() => For(typeof(T), added: false);

    internal static string Adding(Type entity) => $"{entity.Name}:adding";

    internal static string For(Type entity, bool added) => $"{entity.Name}:{(added ? "added" : "changed")}";
}
