using System.Globalization;
using System.Text;
using SkiaSharp;
using Buffer = HarfBuzzSharp.Buffer;

namespace CertVerify.Documents;

/// <summary>
/// Turns text into positioned glyphs: picks a bundled font per character (fallback), orders right-to-left and
/// left-to-right runs (a simplified Unicode bidi algorithm without explicit embeddings), shapes each run with
/// HarfBuzz and breaks paragraphs into lines.
/// </summary>
internal sealed class TextShaper(FontSet fonts)
{
    private enum Kind { Neutral, LeftToRight, RightToLeft, Number }

    private sealed record Item(string Text, Kind Kind, BundledFont? Font, int Level);

    /// <summary>Whether the text reads right to left: its first strong letter does (Unicode bidi rules P2 and P3).</summary>
    public static bool IsRightToLeft(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            switch (Classify(rune))
            {
                case Kind.RightToLeft: return true;
                case Kind.LeftToRight: return false;
            }
        }

        return false;
    }

    public TextLine ShapeLine(string text, float size, FontWeight weight, bool rightToLeft)
    {
        var runs = Itemize(text, weight, rightToLeft);
        var placed = new List<(GlyphRun, float)>();
        var x = 0f;
        foreach (var item in Reorder(runs))
        {
            var run = Shape(item.Text, item.Font!, size, rightToLeft: item.Level % 2 == 1);
            placed.Add((run, x));
            x += run.Width;
        }

        return new TextLine(placed, x);
    }

    public float Measure(string text, float size, FontWeight weight, bool rightToLeft) => ShapeLine(text, size, weight, rightToLeft).Width;

    /// <summary>
    /// Breaks text into lines at most <paramref name="width"/> wide: at spaces, between CJK characters, and inside
    /// a word only when it is wider than a line. Returns at most <paramref name="maxLines"/> + 1 lines (one more tells
    /// that the text does not fit).
    /// </summary>
    public List<string> Wrap(string text, float size, FontWeight weight, float width, int maxLines, bool rightToLeft)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = "";
            foreach (var token in Tokens(paragraph))
            {
                if (lines.Count > maxLines)
                {
                    return lines;
                }

                var candidate = line + token;
                if (line.Length == 0 || Measure(candidate.TrimEnd(), size, weight, rightToLeft) <= width)
                {
                    line = candidate;
                    if (line.Length == token.Length && Measure(line.TrimEnd(), size, weight, rightToLeft) > width)
                    {
                        // One word wider than the line: break it between characters.
                        line = BreakLongWord(line, size, weight, width, rightToLeft, lines);
                    }

                    continue;
                }

                lines.Add(line.TrimEnd());
                line = token;
                if (Measure(line.TrimEnd(), size, weight, rightToLeft) > width)
                {
                    line = BreakLongWord(line, size, weight, width, rightToLeft, lines);
                }
            }

            if (line.Trim().Length > 0)
            {
                lines.Add(line.TrimEnd());
            }
        }

        return lines;
    }

    /// <summary>The longest start of <paramref name="line"/> that fits with an ellipsis after it, and the ellipsis.</summary>
    public string Ellipsize(string line, float size, FontWeight weight, float width, bool rightToLeft)
    {
        var graphemes = Graphemes(line).ToList();
        for (var count = graphemes.Count; count > 0; count--)
        {
            var candidate = string.Concat(graphemes.Take(count)).TrimEnd() + "…";
            if (Measure(candidate, size, weight, rightToLeft) <= width)
            {
                return candidate;
            }
        }

        return "…";
    }

    private string BreakLongWord(string word, float size, FontWeight weight, float width, bool rightToLeft, List<string> lines)
    {
        var line = "";
        foreach (var grapheme in Graphemes(word))
        {
            if (line.Length > 0 && Measure((line + grapheme).TrimEnd(), size, weight, rightToLeft) > width)
            {
                lines.Add(line.TrimEnd());
                line = "";
            }

            line += grapheme;
        }

        return line;
    }

    /// <summary>Words with the spaces after them; each CJK character is a word of its own (they break anywhere).</summary>
    private static IEnumerable<string> Tokens(string paragraph)
    {
        var token = new StringBuilder();
        var afterSpace = false;
        foreach (var grapheme in Graphemes(paragraph))
        {
            var space = char.IsWhiteSpace(grapheme[0]);
            var breaksAnywhere = IsCjk(Rune.GetRuneAt(grapheme, 0));
            if (token.Length > 0 && ((afterSpace && !space) || breaksAnywhere))
            {
                yield return token.ToString();
                token.Clear();
            }

            token.Append(space ? " " : grapheme);
            afterSpace = space || breaksAnywhere;
        }

        if (token.Length > 0)
        {
            yield return token.ToString();
        }
    }

    private static IEnumerable<string> Graphemes(string text)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            yield return enumerator.GetTextElement();
        }
    }

    /// <summary>
    /// Runs of one font and one embedding level, in logical order. A simplified Unicode bidi algorithm: numbers after
    /// right-to-left letters read as part of them (W2, W7); neutral characters (spaces, punctuation) between two letters
    /// of the same font and direction join their run (so an Arabic name is shaped as one), otherwise take the direction
    /// of their neighbours when both agree and the paragraph's when not (N1, N2); levels as in I1 and I2.
    /// </summary>
    private List<Item> Itemize(string text, FontWeight weight, bool rightToLeft)
    {
        var items = Graphemes(text).Select(g =>
        {
            var kind = Classify(Rune.GetRuneAt(g, 0));
            return new Item(g, kind, kind == Kind.Neutral ? null : fonts.For(g, weight), 0);
        }).ToList();

        var previousStrong = rightToLeft ? Kind.RightToLeft : Kind.LeftToRight;
        for (var i = 0; i < items.Count; i++)
        {
            switch (items[i].Kind)
            {
                case Kind.LeftToRight or Kind.RightToLeft:
                    previousStrong = items[i].Kind;
                    break;
                case Kind.Number when previousStrong == Kind.LeftToRight:
                    items[i] = items[i] with { Kind = Kind.LeftToRight };
                    break;
            }
        }

        var paragraph = rightToLeft ? Kind.RightToLeft : Kind.LeftToRight;
        for (var start = 0; start < items.Count; start++)
        {
            if (items[start].Kind != Kind.Neutral)
            {
                continue;
            }

            var end = start;
            while (end + 1 < items.Count && items[end + 1].Kind == Kind.Neutral)
            {
                end++;
            }

            var before = start > 0 ? items[start - 1] : null;
            var after = end + 1 < items.Count ? items[end + 1] : null;
            var neutrals = string.Concat(items.Skip(start).Take(end - start + 1).Select(i => i.Text));
            var beforeDirection = before is null ? paragraph : Direction(before.Kind);
            var afterDirection = after is null ? paragraph : Direction(after.Kind);
            var joins = before is not null && after is not null && before.Font == after.Font && before.Kind == after.Kind
                && before.Kind != Kind.Number && before.Font!.Covers(neutrals);
            var kind = joins ? before!.Kind : beforeDirection == afterDirection ? beforeDirection : paragraph;
            var font = joins || (before?.Font is { } previous && previous.Covers(neutrals)) ? before!.Font! : fonts.For(neutrals, weight);
            for (var i = start; i <= end; i++)
            {
                items[i] = items[i] with { Kind = kind, Font = font };
            }

            start = end;
        }

        var runs = new List<Item>();
        foreach (var item in items.Select(i => i with { Level = Level(i.Kind, rightToLeft) }))
        {
            if (runs.Count > 0 && runs[^1].Font == item.Font && runs[^1].Kind == item.Kind)
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + item.Text };
            }
            else
            {
                runs.Add(item);
            }
        }

        return runs;
    }

    /// <summary>Embedding level (rules I1, I2): right-to-left letters are odd; numbers in right-to-left text and left-to-right text in a right-to-left paragraph are 2.</summary>
    private static int Level(Kind kind, bool rightToLeft) => kind switch
    {
        Kind.RightToLeft => 1,
        Kind.Number => 2,
        _ => rightToLeft ? 2 : 0,
    };

    /// <summary>Visual order (rule L2): from the highest level down to 1, every sequence of runs at that level or above is reversed.</summary>
    private static List<Item> Reorder(List<Item> runs)
    {
        var ordered = runs.ToList();
        var highest = ordered.Count == 0 ? 0 : ordered.Max(r => r.Level);
        for (var level = highest; level >= 1; level--)
        {
            for (var start = 0; start < ordered.Count; start++)
            {
                var end = start;
                while (end < ordered.Count && ordered[end].Level >= level)
                {
                    end++;
                }

                if (end - start > 1)
                {
                    ordered.Reverse(start, end - start);
                }

                start = end;
            }
        }

        return ordered;
    }

    /// <summary>Numbers read left to right inside any text; as neighbours of neutral characters they count as right to left (rule N1).</summary>
    private static Kind Direction(Kind kind) => kind == Kind.Number ? Kind.RightToLeft : kind;

    private static GlyphRun Shape(string text, BundledFont font, float size, bool rightToLeft)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var buffer = new Buffer();
        buffer.AddUtf8(utf8);
        buffer.Direction = rightToLeft ? HarfBuzzSharp.Direction.RightToLeft : HarfBuzzSharp.Direction.LeftToRight;
        buffer.GuessSegmentProperties();
        font.Shaper.Shape(buffer);

        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var scale = size / font.UnitsPerEm;
        var glyphs = new ushort[infos.Length];
        var points = new SKPoint[infos.Length];
        var clusters = new uint[infos.Length];
        var x = 0f;
        for (var i = 0; i < infos.Length; i++)
        {
            glyphs[i] = (ushort)infos[i].Codepoint;
            clusters[i] = infos[i].Cluster;
            points[i] = new SKPoint(x + positions[i].XOffset * scale, -positions[i].YOffset * scale);
            x += positions[i].XAdvance * scale;
        }

        return new GlyphRun(font, size, glyphs, points, clusters, utf8, x);
    }

    private static Kind Classify(Rune rune)
    {
        if (Rune.IsDigit(rune))
        {
            return Kind.Number;
        }

        if (Rune.IsLetter(rune))
        {
            return IsRightToLeftScript(rune.Value) ? Kind.RightToLeft : Kind.LeftToRight;
        }

        return Kind.Neutral;
    }

    /// <summary>Hebrew, Arabic, Syriac, Thaana, N'Ko and the other right-to-left blocks, with their presentation forms.</summary>
    private static bool IsRightToLeftScript(int c) =>
        c is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF or >= 0x10800 and <= 0x10FFF or >= 0x1E800 and <= 0x1EFFF;

    private static bool IsCjk(Rune rune) =>
        rune.Value is >= 0x2E80 and <= 0x9FFF or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0xFF00 and <= 0xFFEF or >= 0x20000 and <= 0x3FFFF;
}
