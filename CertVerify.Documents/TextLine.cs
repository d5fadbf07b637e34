namespace CertVerify.Documents;

/// <summary>A line in visual order: its runs from left to right, each at its x offset from the line's start.</summary>
internal sealed record TextLine(IReadOnlyList<(GlyphRun Run, float X)> Runs, float Width);
