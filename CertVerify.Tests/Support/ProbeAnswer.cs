namespace CertVerify.Tests.Support;

/// <summary>What a probe (<c>/health</c>, <c>/alive</c>) answered, and how long it took.</summary>
public sealed record ProbeAnswer(int Status, string Body, TimeSpan Took);
