namespace CertVerify.Web.Data;

/// <summary>
/// A row that replicas keep copies of (cached answers, keys in memory) or keep track of: when one is added, changed or
/// deleted, every replica hears of it, by its kind (<see cref="ChangeKinds"/>) and this key.
/// </summary>
public interface IChangeNotifying
{
    string ChangeKey { get; }
}
