namespace CertVerify.Documents;

/// <summary>A mark that tells at a glance a document no longer stands: the word across the page and a line saying why.</summary>
public sealed record DocumentMark(string Word, string Notice);
