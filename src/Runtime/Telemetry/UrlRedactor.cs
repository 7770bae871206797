using System;
using System.Collections.Generic;

namespace TypedWebSockets.Telemetry;

// Query strings and user info often carry credentials (wss://host/socket?token=...), and the socket's error messages name
// its URL. Logs and activities get the URL without them, and errors with every form of the full URL replaced by it.
internal sealed class UrlRedactor
{
    private readonly string[] _fullUrls;
    private readonly string[] _parts;
    private readonly string _safeUrl;

    private UrlRedactor(string[] fullUrls, string[] parts, string safeUrl)
    {
        _fullUrls = fullUrls;
        _parts = parts;
        _safeUrl = safeUrl;
    }

    // scheme://host[:port]/path: what logs and activities show of a URL.
    public static string SafeUrl(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    // Null when the URL has nothing to hide.
    public static UrlRedactor? For(Uri uri, string originalUrl)
    {
        if (uri.Query.Length == 0 && uri.UserInfo.Length == 0)
        {
            return null;
        }

        // The whole URL, in every form a message may show it, becomes the safe URL; what is left of the query or the
        // user info anywhere else is removed.
        var fullUrls = Distinct([originalUrl, uri.OriginalString, uri.AbsoluteUri, uri.ToString()]);
        var parts = Distinct([uri.Query, Uri.UnescapeDataString(uri.Query), uri.UserInfo.Length > 0 ? uri.UserInfo + "@" : "", uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo) + "@" : ""]);
        return new UrlRedactor(fullUrls, parts, SafeUrl(uri));
    }

    public string Redact(string text)
    {
        foreach (var url in _fullUrls)
        {
            text = ReplaceIfPresent(text, url, _safeUrl);
        }

        foreach (var part in _parts)
        {
            text = ReplaceIfPresent(text, part, "");
        }

        return text;
    }

    // The error itself when nothing in it names the URL's secrets, else a stand-in with the same text, redacted.
    public Exception Redact(Exception error)
    {
        var text = error.ToString();
        var redacted = Redact(text);
        return ReferenceEquals(redacted, text) ? error : new RedactedException(error, Redact(error.Message), redacted);
    }

    // Longest first, so that no string is replaced inside a longer one that is replaced too.
    private static string[] Distinct(string[] values)
    {
        var distinct = new List<string>(new HashSet<string>(values, StringComparer.Ordinal));
        distinct.RemoveAll(string.IsNullOrEmpty);
        distinct.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return [.. distinct];
    }

    // The same string when there is nothing to replace, so that callers can tell nothing was redacted.
    private static string ReplaceIfPresent(string text, string value, string replacement)
        => text.Contains(value, StringComparison.Ordinal) ? text.Replace(value, replacement, StringComparison.Ordinal) : text;
}

/// <summary>
/// Logged in place of an exception whose message or inner exceptions hold the socket's URL with its query string or user
/// info: <see cref="Exception.Message"/> and <see cref="ToString"/> are the original's, with the URL's secrets removed.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;

    public RedactedException(Exception original, string message, string text)
        : base(message)
    {
        _text = text;
        OriginalType = original.GetType();
        HResult = original.HResult;
    }

    /// <summary>The type of the exception this one stands for.</summary>
    public Type OriginalType { get; }

    /// <summary>The original's <see cref="Exception.ToString"/> (type, message, inner exceptions, stack traces), redacted.</summary>
    public override string ToString() => _text;
}
