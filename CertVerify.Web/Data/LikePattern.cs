namespace CertVerify.Web.Data;

/// <summary>PostgreSQL LIKE patterns built from what a user typed.</summary>
public static class LikePattern
{
    /// <summary>Matches the text anywhere, its wildcard characters taken literally.</summary>
    public static string Containing(string text) => $"%{Escape(text)}%";

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
