namespace Hookline.Server.Tests.Faults;

/// <summary>JSON values (as raw JSON text) that hostile requests put into fields.</summary>
public static class HostileValues
{
    /// <summary>Values of every JSON type and awkward numbers; for most fields most of them are the wrong type.</summary>
    public static readonly IReadOnlyList<string> WrongTypes =
    [
        "0", "-1", "1.5", "-0", "1e400", "-1e400", "99999999999999999999", "2147483648", "true", "false", "null", "\"x\"", "\"\"", "\"1\"", "\"true\"",
        "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[]}}", "[[[]]]",
    ];

    /// <summary>Strings (JSON string literals, escapes as sent) that stress text handling: lone surrogates, NUL, bidi overrides, emoji, noncharacters.</summary>
    public static readonly IReadOnlyList<string> Unicode =
    [
        "\"\\ud800\"", "\"a\\udc00b\"", "\"\\udfff\\ud800\"", "\"\\udbff\\udfff\"", "\"\\ud83d\\ude00\"", "\"😀🏳️‍🌈\"", "\"\\u0000\"", "\"a\\u0000b\"",
        "\"\\u202eexe.txt\"", "\"\\u200f\\u200b\\u2060\"", "\"\\ufeff\"", "\"e\\u0301\\u0301\\u0301\"", "\"\\uffff\\ufffe\"", "\"a\\r\\nInjected: 1\"",
        "\"\\t\\b\\f\"", "\"" + string.Concat(Enumerable.Repeat("مرحبا ", 300)) + "\"", "\"\\u001b[31mred\"", "\"%00%0d%0a\"", "\"../../etc/passwd\"",
        "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"", "\"{{ 7 * 7 }}\"",
    ];

    /// <summary>Byte sequences that are not valid UTF-8 (overlong forms, encoded surrogates, beyond U+10FFFF, stray continuation bytes).</summary>
    public static readonly IReadOnlyList<(string Name, byte[] Bytes)> InvalidUtf8 =
    [
        ("overlong '/'", [0xC0, 0xAF]),
        ("overlong 3-byte '/'", [0xE0, 0x80, 0xAF]),
        ("overlong NUL", [0xC0, 0x80]),
        ("encoded surrogate", [0xED, 0xA0, 0x80]),
        ("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("5-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("lone continuation", [0x80]),
        ("truncated sequence", [0xE2, 0x82]),
        ("0xFF", [0xFF]),
        ("UTF-16 BOM", [0xFF, 0xFE]),
    ];

    /// <summary>Endpoint URLs aimed at internal networks, in every spelling, and schemes that are not HTTP. Each must be refused.</summary>
    public static readonly IReadOnlyList<string> ForbiddenUrls =
    [
        "http://127.0.0.1/", "http://127.0.0.1:5080/api/v1/apps", "http://127.1/", "http://0177.0.0.1/", "http://0x7f000001/", "http://0x7f.0.0.1/",
        "http://2130706433/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::127.0.0.1]/", "http://localhost/", "http://LOCALHOST./", "http://api.localhost/", "http://0.0.0.0/", "http://[::]/",
        "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://169.254.170.2/v2/credentials", "http://100.100.100.200/",
        "http://[fe80::1]/", "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.1/", "http://[fc00::1]/", "http://224.0.0.1/",
        "http://[ff02::1]/", "http://[2002:7f00:1::]/", "http://[64:ff9b::7f00:1]/", "http://[::ffff:169.254.169.254]/", "http://2852039166/",
        "file:///etc/passwd", "gopher://127.0.0.1:70/_GET", "ftp://example.com/", "dict://127.0.0.1:11211/", "ldap://127.0.0.1/",
        "javascript:alert(1)", "data:text/plain,hello", "ws://example.com/", "//example.com/hook", "/relative/hook", "http:///nohost",
        "http://user:pass@example.com/", "http://example.com:99999/", "http://[::1", "http://exa mple.com/",
    ];
}
