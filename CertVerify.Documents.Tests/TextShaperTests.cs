using System.Text;

namespace CertVerify.Documents.Tests;

/// <summary>Text into glyphs: which bundled font draws each script, how lines wrap and how overlong text is cut.</summary>
[Trait("Tier", "Unit")]
public sealed class TextShaperTests
{
    private const float Size = 20;
    private readonly TextShaper _shaper = new(Samples.Fonts);

    private float Width(string text) => _shaper.Measure(text, Size, FontWeight.Regular, TextShaper.IsRightToLeft(text));

    private List<string> Wrap(string text, float width, int maxLines = 20) =>
        _shaper.Wrap(text, Size, FontWeight.Regular, width, maxLines, TextShaper.IsRightToLeft(text));

    [Theory]
    [InlineData("Zoë Ådahl-Çelik", FontWeight.Regular, "NotoSans-Regular.ttf")]
    [InlineData("Анна Каренина", FontWeight.Regular, "NotoSans-Regular.ttf")]
    [InlineData("Ἀριστοτέλης", FontWeight.Bold, "NotoSans-Bold.ttf")]
    [InlineData("مريم الحسيني", FontWeight.Regular, "NotoSansArabic-Regular.ttf")]
    [InlineData("مريم الحسيني", FontWeight.Bold, "NotoSansArabic-Bold.ttf")]
    [InlineData("דוד כהן", FontWeight.Bold, "NotoSansHebrew-Bold.ttf")]
    [InlineData("李小龍", FontWeight.Regular, "DroidSansFallbackFull.ttf")]
    [InlineData("李小龍", FontWeight.Bold, "DroidSansFallbackFull.ttf")] // no bold CJK font: the regular one
    [InlineData("さくら", FontWeight.Regular, "DroidSansFallbackFull.ttf")]
    [InlineData("김민준", FontWeight.Regular, "DroidSansFallbackFull.ttf", Skip = "Known gap: no bundled font has Hangul (Droid Sans Fallback has only a few syllables), so Korean names print as missing-glyph boxes.")]
    public void A_name_in_each_script_is_drawn_by_the_bundled_font_for_it_with_no_missing_glyph(string name, FontWeight weight, string font)
    {
        var line = _shaper.ShapeLine(name, Size, weight, TextShaper.IsRightToLeft(name));

        var run = Assert.Single(line.Runs).Run;
        Assert.Equal(font, run.Font.Name);
        Assert.NotEmpty(run.Glyphs);
        Assert.DoesNotContain((ushort)0, run.Glyphs);
        Assert.Equal(name, Encoding.UTF8.GetString(run.Utf8));
        Assert.True(line.Width > 0);
    }

    [Fact]
    public void Arabic_letters_are_joined_not_drawn_in_their_isolated_forms()
    {
        const string Name = "مريم";

        var joined = Assert.Single(_shaper.ShapeLine(Name, Size, FontWeight.Regular, rightToLeft: true).Runs).Run.Glyphs;
        var isolated = Name.Select(letter => Assert.Single(_shaper.ShapeLine(letter.ToString(), Size, FontWeight.Regular, rightToLeft: true).Runs).Run.Glyphs.Single())
            .Reverse() // drawn right to left: the last letter's glyph comes first
            .ToArray();

        Assert.Equal(isolated.Length, joined.Length);
        Assert.NotEqual(isolated, joined);
    }

    [Fact]
    public void A_character_no_bundled_font_has_falls_back_to_the_primary_font_as_a_missing_glyph()
    {
        const string Ethiopic = "ሰላም";
        Assert.DoesNotContain(Samples.Fonts.Fallback(FontWeight.Regular), font => font.Covers(Ethiopic[..1]));

        var run = Assert.Single(_shaper.ShapeLine(Ethiopic, Size, FontWeight.Regular, rightToLeft: false).Runs).Run;

        Assert.Equal("NotoSans-Regular.ttf", run.Font.Name);
        Assert.All(run.Glyphs, glyph => Assert.Equal(0, glyph));
    }

    [Theory]
    [InlineData("Zoë مريم", false)]
    [InlineData("2024 مريم Zoë", true)]
    [InlineData("(שלום)", true)]
    [InlineData("2024 - 2026", false)]
    public void Text_reads_right_to_left_when_its_first_letter_does(string text, bool rightToLeft) =>
        Assert.Equal(rightToLeft, TextShaper.IsRightToLeft(text));

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog and keeps on running far beyond the hill", 150)]
    [InlineData("Быстрая коричневая лиса прыгает через ленивую собаку", 140)]
    [InlineData("الثعلب البني السريع يقفز فوق الكلب الكسول", 110)]
    public void Words_wrap_greedily_into_lines_no_wider_than_the_field(string text, float width)
    {
        var lines = Wrap(text, width);

        Assert.True(lines.Count > 2, $"{lines.Count} lines");
        Assert.Equal(text, string.Join(' ', lines));
        Assert.All(lines, line => Assert.True(Width(line) <= width, $"\"{line}\" is {Width(line)} wide"));
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            var withNextWord = $"{lines[i]} {lines[i + 1].Split(' ')[0]}";
            Assert.True(Width(withNextWord) > width, $"\"{withNextWord}\" would have fitted on line {i + 1}");
        }
    }

    [Fact]
    public void A_line_break_in_the_text_starts_a_new_line()
    {
        Assert.Equal(["Issued 12 March 2026", "Expires 12 March 2028"], Wrap("Issued 12 March 2026\nExpires 12 March 2028", 1000));
        Assert.Equal(["First", "Second"], Wrap("First\r\nSecond", 1000));
    }

    [Fact]
    public void A_word_wider_than_the_field_is_broken_between_characters()
    {
        const string Word = "Pneumonoultramicroscopicsilicovolcanoconiosis";

        var lines = Wrap(Word, 80);

        Assert.True(lines.Count >= 3, $"{lines.Count} lines");
        Assert.Equal(Word, string.Concat(lines));
        Assert.All(lines, line => Assert.True(Width(line) <= 80, $"\"{line}\" is {Width(line)} wide"));
    }

    [Fact]
    public void Chinese_breaks_between_characters_without_spaces()
    {
        const string Text = "中华人民共和国教育部颁发的证书";
        var width = Width("中华人民") + 1;

        var lines = Wrap(Text, width);

        Assert.Equal(["中华人民", "共和国教", "育部颁发", "的证书"], lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Text_longer_than_max_lines_gives_one_line_more_to_say_it_does_not_fit(int maxLines)
    {
        var text = string.Join(' ', Enumerable.Repeat("A long description that cannot possibly fit.", 30));

        Assert.Equal(maxLines + 1, Wrap(text, 200, maxLines).Count);
        Assert.Equal(maxLines, Wrap(string.Join(' ', Wrap(text, 200).Take(maxLines)), 200, maxLines).Count);
    }

    [Theory]
    [InlineData("Certificate of Advanced Completion", 120)]
    [InlineData("مريم الحسيني بنت عبد الله", 90)]
    public void A_shortened_line_is_the_longest_start_that_fits_with_an_ellipsis(string line, float width)
    {
        var rightToLeft = TextShaper.IsRightToLeft(line);

        var shortened = _shaper.Ellipsize(line, Size, FontWeight.Regular, width, rightToLeft);

        Assert.EndsWith("…", shortened);
        var kept = shortened[..^1];
        Assert.StartsWith(kept, line);
        Assert.True(Width(shortened) <= width, $"\"{shortened}\" is {Width(shortened)} wide");
        var oneMore = line[..(kept.Length + line[kept.Length..].TakeWhile(char.IsWhiteSpace).Count() + 1)] + "…";
        Assert.True(Width(oneMore) > width, $"\"{oneMore}\" would have fitted");
    }
}
