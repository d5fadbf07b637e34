using SkiaSharp;

namespace CertVerify.Documents;

/// <summary>
/// Where and how one text field is printed, in points from the page's top-left corner. <c>X</c> is the left edge,
/// centre or right edge of the text depending on <c>Align</c>; <c>Y</c> is the baseline of its first line; text wider
/// than <c>Width</c> wraps, and text longer than <c>MaxLines</c> lines is made smaller, then shortened with "…".
/// </summary>
public sealed record FieldStyle(float X, float Y, float Width, float Size, SKColor Color, TextAlign Align, int MaxLines, FontWeight Weight, bool Visible = true);
