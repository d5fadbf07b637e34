namespace CertVerify.Web.Data;

/// <summary>The names under which the <see cref="ChangePublishingInterceptor"/> publishes new and changed rows.</summary>
public static class ChangeKinds
{
    /// <summary>Rows of this type that were inserted (e.g. new certificates, a new signing key).</summary>
    public static string Added<T>() => For(typeof(T), added: true);

    /// <summary>Rows of this type that were updated or deleted.</summary>
    public static string Changed<T>() => For(typeof(T), added: false);

    internal static string For(Type entity, bool added) => $"{entity.Name}:{(added ? "added" : "changed")}";
}
