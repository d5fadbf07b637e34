using System.Diagnostics;
using System.Text;

namespace CertVerify.Tests.Documents;

/// <summary>
/// poppler-utils (pdftotext, pdfinfo, pdffonts, pdfdetach; installed by eng/install-prerequisites.sh): what a PDF
/// really says, read by a program that is not ours. Each run is bounded in time.
/// </summary>
public sealed class PdfTools : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("certverify-pdf-").FullName;
    private int _files;

    /// <summary>The PDF written to a file of its own, for the tools to read.</summary>
    public string Save(byte[] pdf)
    {
        var path = Path.Combine(_directory, $"document-{Interlocked.Increment(ref _files)}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }

    /// <summary>The text, with the bidi control characters pdftotext puts around right-to-left runs taken out.</summary>
    public async Task<string> TextAsync(string pdf)
    {
        var text = await RunAsync("pdftotext", "-enc", "UTF-8", pdf, "-");
        return new string(text.Where(c => c is not ('\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')).ToArray());
    }

    public Task<string> InfoAsync(string pdf) => RunAsync("pdfinfo", pdf);

    public Task<string> FontsAsync(string pdf) => RunAsync("pdffonts", pdf);

    public Task<string> AttachmentsAsync(string pdf) => RunAsync("pdfdetach", "-list", pdf);

    /// <summary>The content of the embedded file number <paramref name="number"/> (from 1).</summary>
    public async Task<byte[]> AttachmentAsync(string pdf, int number)
    {
        var output = Path.Combine(_directory, $"attachment-{Interlocked.Increment(ref _files)}");
        await RunAsync("pdfdetach", "-save", number.ToString(), "-o", output, pdf);
        return await File.ReadAllBytesAsync(output);
    }

    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        using var cts = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(cts.Token);
        var errors = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {Timeout.TotalSeconds} s.");
        }

        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
        return await output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
