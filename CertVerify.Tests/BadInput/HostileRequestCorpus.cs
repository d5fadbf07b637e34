using System.Text;
using System.Text.Json.Nodes;
using CertVerify.Tests.Auth;
using CertVerify.Tests.Organisation;
using Microsoft.IdentityModel.Tokens;
using Rule = CertVerify.Tests.Auth.AuthorizationMatrixTests.Rule;

namespace CertVerify.Tests.BadInput;

/// <summary>
/// Malformed and hostile requests, generated for every endpoint of the authorization matrix: hostile path parameters,
/// broken and hostile JSON bodies (each endpoint's own fields too), uploads, query strings, credentials, headers and
/// requests that break HTTP itself. Every one must be refused with a 4xx problem (or, where said, ignored).
/// </summary>
public static class HostileRequestCorpus
{
    /// <summary>Must never come back as it was sent: any answer echoing it could run it in a browser.</summary>
    public const string Script = "<script>alert(1)</script>";

    private const string UnknownCode = "CV-0000-0000-0000-0000-0000";
    private const string Marker = "HOSTILE-VALUE-MARKER";

    /// <summary>A header whose value the test sends as Latin-1 bytes (every other header as UTF-8): bytes that are not UTF-8.</summary>
    public const string InvalidUtf8Header = "X-Invalid-Utf8";
    private static readonly string[] UnsafeMethods = ["POST", "PUT", "PATCH", "DELETE"];

    public static IReadOnlyList<HostileRequest> Build(CorpusTargets targets)
    {
        var bodies = JsonEndpoints(targets);
        List<HostileRequest> corpus =
        [
            .. PathParameters(),
            .. bodies.SelectMany(JsonBodies),
            .. Uploads(),
            .. Credentials(),
            .. Queries(targets),
            .. Callers(bodies, targets),
            .. HeaderAbuse(bodies, targets),
            .. Methods(),
            .. Protocol(),
        ];

        // Every other request straight to a replica: what Nginx lets through must get the same answer there.
        return corpus.Select((request, i) => request.Via is null ? request with { Via = i % 2 == 0 ? Via.Nginx : Via.Replica } : request)
            .ToList();
    }

    private static string Key(Rule rule) => $"{rule.Method} {rule.Pattern}";

    private static Sender SenderFor(Rule rule) =>
        rule.Expected[(int)AuthorizationMatrixTests.Caller.Anonymous] == AuthorizationMatrixTests.Allowed ? Sender.Anonymous : Sender.Admin;

    private static bool IsUnsafe(Rule rule) => UnsafeMethods.Contains(rule.Method);

    // ---- Path parameters ------------------------------------------------------------------------------------------

    /// <summary>Sent exactly as written (the test turns off HttpClient's normalisation of dot segments).</summary>
    private static readonly (string Name, string Segment)[] Segments =
    [
        ("traversal", "..%2F..%2F..%2Fetc%2Fpasswd"),
        ("encoded dot segments", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
        ("dot segments", "../../../etc/passwd"),
        ("backslash traversal", "..%5C..%5Cwindows%5Cwin.ini"),
        ("encoded NUL", "a%00b"),
        ("overlong UTF-8 slash", "%C0%AF"),
        ("invalid UTF-8", "%C3%28%FF%FE"),
        ("4,000 characters", new string('a', 4000)),
        ("SQL injection", "'%20OR%201=1--"),
        ("script", Uri.EscapeDataString(Script)),
    ];

    /// <summary>Each parameter of each route replaced in turn by each hostile segment, the rest as the matrix has it.</summary>
    private static IEnumerable<HostileRequest> PathParameters()
    {
        foreach (var rule in AuthorizationMatrixTests.Rules)
        {
            var pattern = rule.Pattern.Split('/');
            var path = rule.Path.Split('/');
            for (var i = 0; i < pattern.Length; i++)
            {
                if (!pattern[i].StartsWith('{'))
                {
                    continue;
                }

                foreach (var (name, segment) in Segments)
                {
                    var hostile = (string[])path.Clone();
                    hostile[i] = segment;
                    yield return new HostileRequest(Key(rule), $"path {pattern[i]}: {name}", rule.Method, string.Join('/', hostile), SenderFor(rule))
                    {
                        Body = IsUnsafe(rule) && rule.Method != "DELETE" ? Json("{}") : () => null,
                        // The verification page tells people on its own page that this is not a code.
                        Expect = rule.Pattern.StartsWith("/verify/") ? new(Page: true) : Expectation.Refused,
                    };
                }
            }
        }
    }

    // ---- JSON bodies ------------------------------------------------------------------------------------------------

    /// <summary>
    /// An endpoint that reads JSON, with a body it would accept: a variant let through would show as a 2xx or as a
    /// changed database. <see cref="Required"/> text must not be blank; <see cref="Optional"/> bodies may be absent.
    /// </summary>
    private sealed record JsonEndpoint(string Method, string Pattern, string Path, Sender Sender, string Sample, string[] Required, bool Optional = false)
    {
        public string Endpoint => $"{Method} {Pattern}";
    }

    /// <summary>A compact JWS signed by no key of this installation: a well-formed credential, judged invalid.</summary>
    private static readonly string UnknownKeyJws = string.Join('.',
        Base64UrlEncoder.Encode("""{"alg":"ES256","kid":"unknown","typ":"vc+jwt"}"""), Base64UrlEncoder.Encode("{}"), Base64UrlEncoder.Encode("signature"));

    private static List<JsonEndpoint> JsonEndpoints(CorpusTargets t)
    {
        const string Template = """{"name":"Hostile","description":"d","design":{"orientation":"portrait"},"active":true}""";
        const string MailTemplate = """{"subject":"Hostile {{certificateTitle}}","text":"See {{verificationUrl}}","html":"<p>{{recipientName}}</p>"}""";
        return
        [
            new("POST", "/api/auth/register", "/api/auth/register", Sender.Anonymous,
                """{"email":"hostile@example.test","password":"long-enough-password","name":"Hostile"}""", ["email", "password", "name"]),
            new("POST", "/api/auth/login", "/api/auth/login", Sender.Anonymous,
                """{"email":"nobody@example.test","password":"not-the-password"}""", ["email", "password"]),
            new("POST", "/api/auth/password", "/api/auth/password", Sender.Admin,
                """{"currentPassword":"not-the-password","newPassword":"another-long-password"}""", ["currentPassword", "newPassword"]),
            new("POST", "/api/users/", "/api/users", Sender.Admin,
                """{"email":"hostile-user@example.test","name":"Hostile","password":"long-enough-password","role":"Staff"}""", ["email", "name", "password"]),
            new("PATCH", "/api/users/{id:guid}", $"/api/users/{t.RecipientId}", Sender.Admin,
                """{"role":"Staff","disabled":true,"name":"Renamed"}""", ["name"]),
            new("POST", "/api/keys/", "/api/keys", Sender.Admin, """{"name":"hostile"}""", ["name"]),
            new("PUT", "/api/organisation/", "/api/organisation", Sender.Admin,
                """{"name":"Hostile Ltd","url":"https://example.test","logoUrl":"https://example.test/logo.png","contact":"hostile@example.test"}""", ["name"]),
            new("POST", "/api/templates/", "/api/templates", Sender.Admin, Template, ["name"]),
            new("PUT", "/api/mail/templates/{kind}", "/api/mail/templates/CertificateIssued", Sender.Admin, MailTemplate, ["subject", "text", "html"]),
            new("POST", "/api/mail/templates/{kind}/preview", "/api/mail/templates/CertificateIssued/preview", Sender.Admin, MailTemplate, ["subject", "text", "html"]),
            new("PUT", "/api/templates/{id:guid}", $"/api/templates/{t.TemplateId}", Sender.Admin, Template, ["name"]),
            new("POST", "/api/certificates/", "/api/certificates", Sender.Admin,
                """{"recipientName":"Hostile","recipientEmail":"hostile@example.test","title":"Hostility 101","description":"d","issuedAt":"2026-01-01T00:00:00Z","expiresAt":"2027-01-01T00:00:00Z","metadata":{"grade":"A"}}""",
                ["recipientName", "title"]),
            new("POST", "/api/certificates/{id:guid}/revoke", $"/api/certificates/{t.ActiveCertificateId}/revoke", Sender.Admin, """{"reason":"hostile"}""", ["reason"]),
            new("POST", "/api/certificates/{id:guid}/suspend", $"/api/certificates/{t.ActiveCertificateId}/suspend", Sender.Admin, """{"reason":"hostile"}""", ["reason"]),
            new("POST", "/api/certificates/{id:guid}/reinstate", $"/api/certificates/{t.SuspendedCertificateId}/reinstate", Sender.Admin, """{"reason":"hostile"}""", [], Optional: true),
            new("POST", "/api/certificates/bulk", "/api/certificates/bulk", Sender.Admin,
                """[{"recipientName":"Hostile","title":"Hostility 101","issuedAt":"2026-01-01T00:00:00Z"}]""", ["recipientName", "title"]),
            new("POST", "/api/certificates/revoke", "/api/certificates/revoke", Sender.Admin, $$"""{"ids":["{{t.ActiveCertificateId}}"],"reason":"hostile"}""", ["reason"]),
            new("PATCH", "/api/me/certificates/{id:guid}", $"/api/me/certificates/{t.ActiveCertificateId}", Sender.Admin, """{"isPublic":true}""", []),
            new("POST", "/api/verify/", "/api/verify", Sender.Anonymous, $$"""{"code":"{{UnknownCode}}"}""", ["code"]),
            new("POST", "/api/verify/credential", "/api/verify/credential", Sender.Anonymous, $$"""{"credential":"{{UnknownKeyJws}}"}""", ["credential"]),
        ];
    }

    // Values of the wrong JSON type for a text field, taken in turn: one kind per field keeps the corpus small.
    private static readonly string[] NotText = ["12345", "true", "[]", "{}", "1e400", "-0.0e-99999"];

    private static IEnumerable<HostileRequest> JsonBodies(JsonEndpoint e)
    {
        HostileRequest Variant(string variant, Func<HttpContent?> body) => new(e.Endpoint, variant, e.Method, e.Path, e.Sender) { Body = body };

        var sample = JsonNode.Parse(e.Sample)!;
        var fields = FieldsOf(sample).ToList();
        var text = fields.Where(f => f.Value is JsonValue value && value.TryGetValue<string>(out _)).Select(f => f.Key).ToList();
        var first = text.FirstOrDefault() ?? fields[0].Key; // a text field, where there is one

        // The document as a whole.
        if (!e.Optional)
        {
            yield return Variant("empty body", Json(""));
            yield return Variant("null", Json("null"));
        }

        yield return Variant("truncated", Json(e.Sample[..(e.Sample.Length / 2)]));
        yield return Variant("root of the wrong type: " + (sample is JsonArray ? "object" : "array"), Json(sample is JsonArray ? "{}" : "[]"));
        yield return Variant("root of the wrong type: string", Json("\"text\""));
        yield return Variant("root of the wrong type: number", Json("42"));
        yield return Variant("nested 10,000 deep", Json(new string('[', 10_000) + new string(']', 10_000)));
        yield return Variant("invalid UTF-8", Bytes(InvalidUtf8(WithField(sample, first, $"\"{Marker}\"")), "application/json"));
        yield return Variant("lone surrogate", Json(WithField(sample, first, "\"a\\ud800b\"")));
        yield return Variant("duplicate keys", Json(WithField(sample, first, $"\"first\",\"{first}\":\"second\"")));
        yield return Variant("trailing garbage", Json(e.Sample + " {\"more\":1}"));
        yield return Variant("comment", Json("/* hostile */" + e.Sample));
        yield return Variant("trailing comma", Json(e.Sample[..^1] + "," + e.Sample[^1]));
        yield return Variant("2 MB string", Json(WithField(sample, first, $"\"{new string('x', 2_000_000)}\"")));

        // Bodies that are not UTF-8 JSON.
        yield return Variant("text/plain", Bytes(Encoding.UTF8.GetBytes(e.Sample), "text/plain"));
        yield return Variant("form", Bytes("a=b&email=x"u8.ToArray(), "application/x-www-form-urlencoded"));
        yield return Variant("no content type", Bytes(Encoding.UTF8.GetBytes(e.Sample), null));
        yield return Variant("UTF-16", Bytes(Encoding.Unicode.GetBytes(e.Sample), "application/json; charset=utf-16"));
        yield return Variant("XML with an external entity", Bytes(Encoding.UTF8.GetBytes(
            """<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>"""), "application/xml"));

        // Each field in turn.
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            var wrong = value switch
            {
                JsonValue v when v.TryGetValue<string>(out _) => NotText[i % NotText.Length],
                JsonValue v when v.TryGetValue<bool>(out _) => "\"yes\"",
                JsonArray => "{\"a\":1}",
                _ => "\"not an object\"",
            };
            yield return Variant($"{name}: wrong type {wrong}", Json(WithField(sample, name, wrong)));
            if (!text.Contains(name))
            {
                continue;
            }

            yield return Variant($"{name}: NUL", Json(WithField(sample, name, "\"a\\u0000b\"")));
            yield return Variant($"{name}: 100,000 characters", Json(WithField(sample, name, $"\"{new string('x', 100_000)}\"")));
            if (e.Required.Contains(name))
            {
                yield return Variant($"{name}: blank", Json(WithField(sample, name, "\"   \"")));
            }
        }
    }

    /// <summary>The fields of the object, or of the first row of an array of rows.</summary>
    private static IEnumerable<KeyValuePair<string, JsonNode?>> FieldsOf(JsonNode sample) =>
        (sample as JsonObject ?? (JsonObject)sample[0]!).Select(f => KeyValuePair.Create(f.Key, f.Value));

    /// <summary>The sample with one field's value replaced by raw JSON text (which need not be valid JSON).</summary>
    private static string WithField(JsonNode sample, string field, string raw)
    {
        var copy = sample.DeepClone();
        (copy as JsonObject ?? (JsonObject)copy[0]!)[field] = Marker;
        return copy.ToJsonString().Replace($"\"{Marker}\"", raw);
    }

    private static byte[] InvalidUtf8(string text)
    {
        var parts = text.Split(Marker);
        return [.. Encoding.UTF8.GetBytes(parts[0]), (byte)'a', 0xC3, 0x28, 0xFF, 0xFE, (byte)'b', .. Encoding.UTF8.GetBytes(parts[1])];
    }

    private static Func<HttpContent?> Json(string text) => Bytes(Encoding.UTF8.GetBytes(text), "application/json");

    private static Func<HttpContent?> Bytes(byte[] bytes, string? contentType) => () =>
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    };

    // ---- Uploads: the logo, bulk CSV and forms ------------------------------------------------------------------------

    private static IEnumerable<HostileRequest> Uploads()
    {
        const string Logo = "/api/organisation/logo";
        HostileRequest LogoUpload(string variant, byte[] bytes, string type, int status) =>
            new($"PUT {Logo}", "logo: " + variant, "PUT", Logo, Sender.Admin) { Body = Bytes(bytes, type), Expect = Expectation.Exactly(status) };

        yield return LogoUpload("SVG with a script", TestImages.Svg(), "image/svg+xml", 415);
        yield return LogoUpload("SVG declared as PNG", TestImages.Svg(), "image/png", 415);
        yield return LogoUpload("HTML declared as PNG", Encoding.UTF8.GetBytes($"<html>{Script}</html>"), "image/png", 415);
        yield return LogoUpload("GIF", TestImages.Gif(), "image/gif", 415);
        yield return LogoUpload("empty", [], "image/png", 400);
        yield return LogoUpload("512 KB + 1", TestImages.PngOfSize(512 * 1024 + 1), "image/png", 413);
        yield return LogoUpload("13 MB", TestImages.PngOfSize(13 * 1024 * 1024), "image/png", 413) with { Via = Via.Nginx };

        const string Bulk = "/api/certificates/bulk";
        HostileRequest Csv(string variant, byte[] bytes, int status, string type = "text/csv") =>
            new($"POST {Bulk}", "CSV: " + variant, "POST", Bulk, Sender.Admin) { Body = Bytes(bytes, type), Expect = Expectation.Exactly(status) };
        var header = "recipientName,title\n";

        yield return Csv("50,001 rows", Encoding.UTF8.GetBytes(header + string.Concat(Enumerable.Repeat("Ada,Engines\n", 50_001))), 413);
        // Through Nginx, which reads the whole body before forwarding it: a replica refuses it before reading it, and
        // HttpClient sees the connection closed under the upload rather than the 413.
        yield return Csv("10 MB + 1", Encoding.UTF8.GetBytes(header + new string('a', 10 * 1024 * 1024) + ",T\n"), 413) with { Via = Via.Nginx };
        yield return Csv("broken quoting", Encoding.UTF8.GetBytes(header + "\"Ada,Engines\nGrace,Compilers\n"), 400);
        yield return Csv("invalid UTF-8", [.. Encoding.UTF8.GetBytes(header + "Ad"), 0xC3, 0x28, .. ",Engines\n"u8], 400);
        yield return Csv("NUL", Encoding.UTF8.GetBytes(header + "Ad\0a,Engines\n"), 400);
        yield return Csv("header only", Encoding.UTF8.GetBytes(header), 400);
        yield return Csv("a formula as a column name", Encoding.UTF8.GetBytes("recipientName,title,=cmd|' /C calc'!A0\nAda,Engines,1\n"), 400);
        yield return Csv("more fields than the header", Encoding.UTF8.GetBytes(header + "Ada,Engines,extra\n"), 400);
        yield return Csv("a cell of 1 MB", Encoding.UTF8.GetBytes(header + new string('a', 1024 * 1024) + ",Engines\n"), 400);
        yield return Csv("UTF-16", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(header + "Ada,Engines\n")], 400);
        yield return Csv("declared UTF-16", Encoding.UTF8.GetBytes(header + "Ada,Engines\n"), 415, "text/csv; charset=utf-16");
        // Formulas are text like any other: a dry run reports them as data and stores nothing.
        yield return new HostileRequest($"POST {Bulk}", "CSV: formula injection, dry run", "POST", Bulk + "?dryRun=true", Sender.Admin)
        {
            Body = Bytes(Encoding.UTF8.GetBytes(header + "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",@SUM(1+1)\n+cmd,-2+3\n"), "text/csv"),
            Expect = new(Status: 200, Ignored: true),
        };

        HostileRequest Form(string variant, byte[] bytes, string type) =>
            new($"POST {Bulk}", "form: " + variant, "POST", Bulk, Sender.Admin) { Body = Bytes(bytes, type), Expect = Expectation.Exactly(400) };
        var csv = header + "Ada,Engines\n";

        yield return Form("no boundary", Encoding.UTF8.GetBytes(csv), "multipart/form-data");
        yield return Form("garbage", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))], "multipart/form-data; boundary=xyz");
        yield return Form("boundary of 200 characters", Encoding.UTF8.GetBytes(Multipart(new string('b', 200), ("file", "a.csv", csv))),
            "multipart/form-data; boundary=" + new string('b', 200));
        yield return Form("two files", Encoding.UTF8.GetBytes(Multipart("xyz", ("file", "a.csv", csv), ("file", "b.csv", csv))), "multipart/form-data; boundary=xyz");
        yield return Form("no file", Encoding.UTF8.GetBytes(Multipart("xyz", ("note", null, "hello"))), "multipart/form-data; boundary=xyz");
        yield return Form("cut short", Encoding.UTF8.GetBytes(Multipart("xyz", ("file", "a.csv", csv))[..60]), "multipart/form-data; boundary=xyz");
        var around = Multipart("xyz", ("file", "a.csv", Marker)).Split(Marker);
        yield return Form("a file of invalid UTF-8", [.. Encoding.UTF8.GetBytes(around[0]), 0xFF, 0xFE, 0xC3, 0x28, .. Encoding.UTF8.GetBytes(around[1])],
            "multipart/form-data; boundary=xyz");
    }

    private static string Multipart(string boundary, params (string Name, string? FileName, string Content)[] parts) =>
        string.Concat(parts.Select(p =>
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{p.Name}\"{(p.FileName is null ? "" : $"; filename=\"{p.FileName}\"")}\r\n"
            + $"Content-Type: text/csv\r\n\r\n{p.Content}\r\n")) + $"--{boundary}--\r\n";

    // ---- Credentials presented for verification ------------------------------------------------------------------------

    private static IEnumerable<HostileRequest> Credentials()
    {
        const string Path = "/api/verify/credential";
        HostileRequest Jwt(string variant, byte[] bytes, int status) =>
            new($"POST {Path}", "JWT: " + variant, "POST", Path, Sender.Anonymous) { Body = Bytes(bytes, "application/jwt"), Expect = Expectation.Exactly(status) };
        byte[] Token(string header) => Encoding.ASCII.GetBytes($"{header}.{Base64UrlEncoder.Encode("{}")}.{Base64UrlEncoder.Encode("signature")}");

        yield return Jwt("not three parts", "not-a-jwt"u8.ToArray(), 400);
        yield return Jwt("invalid UTF-8", [0x61, 0xC3, 0x28, 0x2E, 0xFF, 0x2E, 0x62], 400);
        yield return Jwt("70 KB", Token(new string('A', 70 * 1024)), 413);
        yield return Jwt("header nested 10,000 deep", Token(Base64UrlEncoder.Encode(new string('[', 10_000) + new string(']', 10_000))), 400);
        yield return Jwt("header of invalid UTF-8", Token(Base64UrlEncoder.Encode([0x7B, 0xC3, 0x28, 0x7D])), 400);
        yield return Jwt("header is an array", Token(Base64UrlEncoder.Encode("[]")), 400);
        yield return Jwt("unsigned (alg none)", Encoding.ASCII.GetBytes($"{Base64UrlEncoder.Encode("""{"alg":"none"}""")}.{Base64UrlEncoder.Encode("{}")}."), 400);
        yield return Jwt("not base64url", "!!!.###.$$$"u8.ToArray(), 400);
    }

    // ---- Query strings ------------------------------------------------------------------------------------------------

    private static IEnumerable<HostileRequest> Queries(CorpusTargets t)
    {
        var script = Uri.EscapeDataString(Script);
        var sql = "%27%20OR%201=1--";
        (string Endpoint, Sender Sender, string[] Paths)[] refused =
        [
            ("GET /api/users/", Sender.Admin,
            [
                "/api/users?page=-1", "/api/users?page=0", "/api/users?pageSize=1000000000", "/api/users?page=2147483648", "/api/users?pageSize=1e9",
                "/api/users?role=Emperor", "/api/users?role=99", "/api/users?page=1&page=2", "/api/users?search=a%00b",
            ]),
            ("GET /api/certificates/", Sender.Admin,
            [
                $"/api/certificates?sort={sql}", "/api/certificates?sort=issuedAt;DROP%20TABLE%20certificates", "/api/certificates?sort=-",
                "/api/certificates?status=Emperor", "/api/certificates?status=42", "/api/certificates?issuedFrom=yesterday",
                "/api/certificates?issuedFrom=2026-13-45", "/api/certificates?issuedFrom=99999-01-01", $"/api/certificates?templateId={sql}",
                $"/api/certificates?batchId={script}", "/api/certificates?issuedFrom=2026-02-01&issuedTo=2026-01-01",
                "/api/certificates?pageSize=101", "/api/certificates?search=%00",
            ]),
            ("GET /api/audit", Sender.Admin,
            [
                "/api/audit?from=garbage", "/api/audit?to=2026-02-30", "/api/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "/api/audit?actor=%00", "/api/audit?page=0",
            ]),
            ("GET /api/keys/", Sender.Admin, ["/api/keys?all=maybe", "/api/keys?all=1"]),
            ("GET /api/templates/", Sender.Admin, ["/api/templates?active=maybe"]),
            ("GET /api/stats", Sender.Admin, ["/api/stats?days=0", "/api/stats?days=367", "/api/stats?days=-1", "/api/stats?days=1e9", "/api/stats?days=abc"]),
            ("GET /api/me/certificates/", Sender.Admin, ["/api/me/certificates?page=0", "/api/me/certificates?pageSize=-1"]),
            ("GET /api/certificates/{id:guid}/verifications", Sender.Admin,
                [$"/api/certificates/{t.ActiveCertificateId}/verifications?page=0", $"/api/certificates/{t.ActiveCertificateId}/verifications?pageSize=1000"]),
            ("GET /api/certificates/{code}/qr", Sender.Anonymous,
            [
                $"/api/certificates/{UnknownCode}/qr?format=gif", $"/api/certificates/{UnknownCode}/qr?format=svg%00",
                $"/api/certificates/{UnknownCode}/qr?size=0", $"/api/certificates/{UnknownCode}/qr?size=41",
                $"/api/certificates/{UnknownCode}/qr?size=99999999999",
            ]),
        ];
        foreach (var (endpoint, sender, paths) in refused)
        {
            foreach (var path in paths)
            {
                yield return new HostileRequest(endpoint, "query " + path[(path.IndexOf('?') + 1)..], "GET", path, sender);
            }
        }

        // Pages show the nearest sensible list for a hand-edited address rather than refuse it; they must not echo it raw.
        (string Endpoint, string Path)[] lenient =
        [
            ("GET /console/certificates", $"/console/certificates?search={script}&page=-5&pageSize=1000000&sort={sql}&status=Emperor&issuedFrom=not-a-date&templateId={sql}&batchId={script}"),
            ("GET /admin/users", $"/admin/users?search={script}&role=Emperor&page=-5&pageSize=1e9"),
            ("GET /admin/audit", $"/admin/audit?actor={script}&action={script}&from=garbage&to=2026-02-30&page=-1"),
            ("GET /me", "/me?page=-1&changed=not-a-guid"),
            ("GET /console/keys", "/console/keys?all=maybe"),
        ];
        foreach (var (endpoint, path) in lenient)
        {
            yield return new HostileRequest(endpoint, "hostile query on a page", "GET", path, Sender.Admin) { Expect = new(Page: true, Ignored: true) };
        }

        yield return new HostileRequest("GET /verify/{code?}", "hostile code typed in the form", "GET", $"/verify?code={script}", Sender.Anonymous)
        {
            Expect = new(Page: true),
        };
    }

    // ---- Callers: CSRF, API keys, session cookies -------------------------------------------------------------------------

    private static readonly string[] BadAuthorizations =
    [
        "Bearer ",
        "Bearer cvk_' OR 1=1--",
        "Bearer cvk_" + new string('A', 6000),
        "Bearer cvk_abcdefghijkl_" + new string('x', 43), // well-formed, unknown
        "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("admin@certverify.local:admin")),
        "Bearer " + Script,
        "Bearercvk_abcdefghijkl",
        "Negotiate " + new string('Z', 100),
    ];

    private static readonly string[] BadCookies =
    [
        "certverify_session=garbage",
        "certverify_session=" + new string('A', 3000),
        "certverify_session=CfDJ8' OR 1=1--",
        "certverify_session=; certverify_session=x; certverify_csrf=" + Script,
        "certverify_session=%00%ff%fe",
    ];

    /// <summary>
    /// The body and path with which the Admin would change something real: what a missing CSRF check would let through.
    /// </summary>
    private static (string Path, Func<HttpContent?> Body) Real(Rule rule, List<JsonEndpoint> bodies, CorpusTargets t) =>
        bodies.FirstOrDefault(b => b.Endpoint == Key(rule)) is { } json ? (json.Path, Json(json.Sample))
        : rule.Pattern switch
        {
            "/api/users/{id:guid}/sessions" => ($"/api/users/{t.RecipientId}/sessions", () => null),
            "/api/keys/{id:guid}" => ($"/api/keys/{t.ApiKeyId}", () => null),
            "/api/templates/{id:guid}" => ($"/api/templates/{t.TemplateId}", () => null),
            "/api/organisation/logo" => (rule.Path, Bytes(TestImages.LogoPng(), "image/png")),
            _ => (rule.Path, () => null),
        };

    private static IEnumerable<HostileRequest> Callers(List<JsonEndpoint> bodies, CorpusTargets t)
    {
        var protectedRules = AuthorizationMatrixTests.Rules.Where(r => SenderFor(r) == Sender.Admin).ToList();
        for (var i = 0; i < protectedRules.Count; i++)
        {
            var rule = protectedRules[i];
            var (path, body) = Real(rule, bodies, t);
            var authorization = BadAuthorizations[i % BadAuthorizations.Length];
            var cookie = BadCookies[i % BadCookies.Length];
            yield return new HostileRequest(Key(rule), "Authorization: " + Abbreviated(authorization), rule.Method, path, Sender.Anonymous)
            {
                Body = body, Headers = [("Authorization", authorization)], Expect = Expectation.Exactly(401),
            };
            yield return new HostileRequest(Key(rule), "Cookie: " + Abbreviated(cookie), rule.Method, path, Sender.Anonymous)
            {
                Body = body, Headers = [("Cookie", cookie)], Expect = Expectation.Exactly(401),
            };
        }

        // Signed in with a cookie, every unsafe request needs the CSRF token; the rest would change real data.
        var unsafeRules = AuthorizationMatrixTests.Rules.Where(IsUnsafe).ToList();
        for (var i = 0; i < unsafeRules.Count; i++)
        {
            var rule = unsafeRules[i];
            var (path, body) = Real(rule, bodies, t);
            yield return new HostileRequest(Key(rule), "no CSRF token", rule.Method, path, Sender.Admin)
            {
                Body = body, Csrf = false, Expect = Expectation.Exactly(403),
            };
            if (i % 3 == 0)
            {
                yield return new HostileRequest(Key(rule), "forged CSRF token", rule.Method, path, Sender.Admin)
                {
                    Body = body, Csrf = false, Headers = [("X-CSRF-TOKEN", "CfDJ8forged" + new string('x', 100))], Expect = Expectation.Exactly(403),
                };
            }
        }
    }

    private static string Abbreviated(string text) => text.Length > 40 ? $"{text[..30]}... ({text.Length} characters)" : text;

    // ---- Headers ------------------------------------------------------------------------------------------------------

    private static IEnumerable<HostileRequest> HeaderAbuse(List<JsonEndpoint> bodies, CorpusTargets t)
    {
        HostileRequest Me(string variant, params (string, string)[] headers) =>
            new("GET /api/auth/me", variant, "GET", "/api/auth/me", Sender.Anonymous) { Headers = headers, Expect = Expectation.Exactly(401) };

        // Nginx's own limits (large_client_header_buffers 4 8k): refused by Nginx, as problems.
        yield return Me("a header of 16 KB", ("X-Junk", new string('a', 16 * 1024))) with { Via = Via.Nginx, Expect = Expectation.Exactly(431) };
        yield return Me("a cookie of 10 KB", ("Cookie", "a=" + new string('a', 10 * 1024))) with { Via = Via.Nginx, Expect = Expectation.Exactly(431) };
        yield return Me("40 KB of headers", [.. Enumerable.Range(0, 6).Select(i => ($"X-Junk-{i}", new string('a', 7 * 1024)))]) with
        {
            Via = Via.Nginx, Expect = Expectation.Exactly(431),
        };
        yield return new HostileRequest("GET /api/verify/{code}", "a request line of 9 KB", "GET", "/api/verify/" + new string('a', 9 * 1024), Sender.Anonymous)
        {
            Via = Via.Nginx, Expect = Expectation.Exactly(414),
        };

        // Within Nginx's limits: the application answers.
        yield return Me("500 headers", [.. Enumerable.Range(0, 500).Select(i => ($"X-Junk-{i}", "x"))]) with { Via = Via.Nginx };
        yield return Me("a header of 6 KB", ("X-Junk", new string('a', 6 * 1024)));
        yield return Me("non-ASCII header value", ("X-Junk", "ключ ✓"));
        yield return Me("header value of invalid UTF-8", (InvalidUtf8Header, "\u00ff\u00fe\u00c3("));
        yield return Me("X-Original-URL", ("X-Original-URL", "/api/health"), ("X-Rewrite-URL", "/api/health"));
        yield return Me("X-HTTP-Method-Override", ("X-HTTP-Method-Override", "GET"));

        // Content types that cannot be read.
        var issue = bodies.Single(b => b.Endpoint == "POST /api/certificates/");
        HostileRequest Issue(string variant, string contentType) => new(issue.Endpoint, variant, "POST", issue.Path, Sender.Admin)
        {
            Body = Bytes(Encoding.UTF8.GetBytes(issue.Sample), contentType), Expect = Expectation.Exactly(415),
        };
        yield return Issue("Content-Type ;;;", ";;;");
        yield return Issue("Content-Type with an open quote", "application/json; charset=\"");
        yield return Issue("Content-Type application/json-patch+json;charset=ebcdic", "application/json-patch+json; charset=ebcdic");

        // 20 MB: more than Nginx accepts; a replica reads it and refuses the field.
        var huge = Json(WithField(JsonNode.Parse(issue.Sample)!, "recipientName", $"\"{new string('x', 20 * 1024 * 1024)}\""));
        yield return new HostileRequest(issue.Endpoint, "20 MB body", "POST", issue.Path, Sender.Admin) { Body = huge, Via = Via.Nginx, Expect = Expectation.Exactly(413) };
        yield return new HostileRequest(issue.Endpoint, "20 MB body", "POST", issue.Path, Sender.Admin) { Body = huge, Via = Via.Replica, Expect = Expectation.Exactly(400) };

        // Idempotency keys that cannot be keys, on a body that would issue a certificate.
        HostileRequest Idempotency(string variant, params (string, string)[] headers) =>
            new(issue.Endpoint, "Idempotency-Key: " + variant, "POST", issue.Path, Sender.Admin)
            {
                Body = Json(issue.Sample), Headers = headers, Expect = Expectation.Exactly(400),
            };
        yield return Idempotency("empty", ("Idempotency-Key", ""));
        yield return Idempotency("201 characters", ("Idempotency-Key", new string('k', 201)));

        // Forwarded headers from a client: Nginx decides them, so links and addresses are never the client's choice.
        HostileRequest Forwarded(string variant, string header, string value, string notEchoed) =>
            new("GET /api/certificates/{id:guid}", variant, "GET", $"/api/certificates/{t.ActiveCertificateId}", Sender.Admin)
            {
                Headers = [(header, value)], Via = Via.Nginx, Expect = new(Ignored: true, NotEchoed: notEchoed),
            };
        yield return Forwarded("X-Forwarded-Proto: javascript", "X-Forwarded-Proto", "javascript", "javascript:");
        yield return Forwarded("X-Forwarded-Proto: list", "X-Forwarded-Proto", "ftp, https", "ftp:");
        yield return Forwarded("X-Forwarded-Host: evil.example", "X-Forwarded-Host", "evil.example", "evil.example");
        var login = bodies.Single(b => b.Endpoint == "POST /api/auth/login");
        foreach (var (variant, value) in new[]
                 {
                     ("script and SQL", $"{Script}, ' OR 1=1--"),
                     // About 6 KB: within Nginx's 8 KB header buffer, so both ways in reach the application.
                     ("500 addresses", string.Join(", ", Enumerable.Range(0, 500).Select(i => $"10.0.{i / 250}.{i % 250}"))),
                 })
        {
            yield return new HostileRequest(login.Endpoint, "X-Forwarded-For: " + variant, "POST", login.Path, Sender.Anonymous)
            {
                Body = Json(login.Sample), Headers = [("X-Forwarded-For", value)], Expect = Expectation.Exactly(401),
            };
        }
    }

    // ---- Methods and HTTP itself ----------------------------------------------------------------------------------------

    /// <summary>Every route with a method it does not map, and methods nobody maps.</summary>
    private static IEnumerable<HostileRequest> Methods()
    {
        foreach (var rule in AuthorizationMatrixTests.Rules)
        {
            var mapped = AuthorizationMatrixTests.Rules.Where(r => r.Pattern == rule.Pattern).Select(r => r.Method).ToList();
            var method = new[] { "PATCH", "PUT", "DELETE", "POST" }.First(m => !mapped.Contains(m));
            yield return new HostileRequest(Key(rule), "method " + method, method, rule.Path, SenderFor(rule));
        }

        yield return new("GET /api/users/", "method PROPFIND", "PROPFIND", "/api/users", Sender.Admin) { Expect = Expectation.Exactly(405) };
        yield return new("GET /api/health", "method TRACE", "TRACE", "/api/health", Sender.Anonymous) { Expect = Expectation.Exactly(405) };
        yield return new("GET /api/certificates/", "method OPTIONS", "OPTIONS", "/api/certificates", Sender.Admin) { Expect = Expectation.Exactly(405) };
        yield return new("POST /api/verify/", "method FOO", "FOO", "/api/verify", Sender.Anonymous) { Expect = Expectation.Exactly(405) };
    }

    /// <summary>Requests that are not valid HTTP, written to Nginx byte for byte.</summary>
    private static IEnumerable<HostileRequest> Protocol()
    {
        HostileRequest Raw(string variant, string request, int status) =>
            new("(HTTP)", variant, "RAW", "-", Sender.Anonymous) { Raw = Encoding.Latin1.GetBytes(request), Via = Via.Nginx, Expect = Expectation.Exactly(status) };
        const string Post = "POST /api/verify HTTP/1.1\r\nHost: certverify\r\nContent-Type: application/json\r\nConnection: close\r\n";

        yield return Raw("Content-Length not a number", Post + "Content-Length: abc\r\n\r\n{}", 400);
        yield return Raw("two different Content-Lengths", Post + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}", 400);
        yield return Raw("Content-Length and chunked (smuggling)", Post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/users HTTP/1.1\r\n\r\n", 400);
        yield return Raw("bad chunk size", Post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400);
        // RFC 9112: a transfer coding the server does not implement is answered 501, the one 5xx here (nothing failed).
        yield return Raw("unknown transfer coding", Post + "Transfer-Encoding: gzip\r\n\r\n{}", 501);
        yield return Raw("no Host", "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n", 400);
        yield return Raw("lowercase method", "get /api/health HTTP/1.1\r\nHost: certverify\r\nConnection: close\r\n\r\n", 400);
        yield return Raw("control character in the path", "GET /api/\u0001health HTTP/1.1\r\nHost: certverify\r\nConnection: close\r\n\r\n", 400);
        // Nginx drops the line (ignore_invalid_headers) and forwards the rest: the application refuses the anonymous caller.
        yield return Raw("header line without a colon", "GET /api/auth/me HTTP/1.0\r\nHost: certverify\r\nNoColonHere\r\nConnection: close\r\n\r\n", 401);
        yield return Raw("TLS handshake on the HTTP port", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003", 400);
        yield return Raw("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400);
        yield return Raw("encoded NUL in the path", "GET /api/verify/%00 HTTP/1.1\r\nHost: certverify\r\nConnection: close\r\n\r\n", 400);
    }
}
