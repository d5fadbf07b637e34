
namespace CertVerify.Web.Health;

public sealed record ResourceUsage(double CpuPercent, double WorkingSetMb, double GcHeapMb, int ThreadCount);
