namespace CertVerify.Web.Hosting;

/// <summary>
/// A service this replica needs cannot be reached (beyond PostgreSQL and Redis, which their own exceptions say): the
/// request answers 503 with <see cref="Exception.Message"/> as the problem's detail.
/// </summary>
public sealed class DependencyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
