using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Microsoft.Extensions.Configuration;

namespace TypedWebSockets.Hosting;

// Binds a configuration section to the options of one client by hand: every key is known here, so a misspelt key or a
// value of the wrong form is an error that names the key (reported when the host starts), and nothing needs reflection,
// so trimming and NativeAOT stay warning-free. Keys are case-insensitive, as everywhere in configuration.
internal static class WebSocketOptionsBinder
{
    // The WebSocketOptions keys read from configuration (the data), and those that only code can set (delegates and services).
    internal static readonly string[] Keys =
    [
        "Url", "SubProtocols", "Headers", "ConnectTimeout", "CloseTimeout", "KeepAliveInterval", "KeepAliveTimeout", "IdleTimeout",
        "Reconnect", "OfflineSends", "MaxMessageSize", "MaxPendingMessages", "MaxPendingBytes", "AutoConnect", "RequestTimeout",
        "StreamCapacity",
    ];

    internal static readonly string[] CodeOnlyKeys = ["Configure", "Transport", "UrlProvider", "TimeProvider", "LoggerFactory", "MeterFactory"];

    private static readonly string[] ReconnectKeys = ["InitialDelay", "MaxDelay", "Multiplier", "Jitter", "MaxAttempts", "MaxElapsed"];

    private static readonly string[] OfflineSendsKeys = ["Mode", "MaxMessages", "MaxBytes", "MaxAge"];

    public static void Bind(IConfiguration section, WebSocketClientOptions target)
    {
        var reader = new Reader(target.BindingErrors);
        var options = target.Options;
        foreach (var entry in section.GetChildren())
        {
            switch (entry.Key.ToUpperInvariant())
            {
                case "URL": target.Url = reader.String(entry); break;
                case "SUBPROTOCOLS": reader.Strings(entry, options.SubProtocols.Add); break;
                case "HEADERS": reader.Pairs(entry, (name, value) => options.Headers[name] = value); break;
                case "CONNECTTIMEOUT": reader.TimeSpan(entry, value => options.ConnectTimeout = value); break;
                case "CLOSETIMEOUT": reader.TimeSpan(entry, value => options.CloseTimeout = value); break;
                case "KEEPALIVEINTERVAL": reader.OptionalTimeSpan(entry, value => options.KeepAliveInterval = value); break;
                case "KEEPALIVETIMEOUT": reader.OptionalTimeSpan(entry, value => options.KeepAliveTimeout = value); break;
                case "IDLETIMEOUT": reader.OptionalTimeSpan(entry, value => options.IdleTimeout = value); break;
                case "RECONNECT": options.Reconnect = reader.Policy<ReconnectPolicy>(entry, ReconnectKeys, ["ShouldReconnect"], BindReconnect); break;
                case "OFFLINESENDS": options.OfflineSends = reader.Policy<OfflineSendPolicy>(entry, OfflineSendsKeys, [], BindOfflineSends); break;
                case "MAXMESSAGESIZE": reader.Int32(entry, value => options.MaxMessageSize = value); break;
                case "MAXPENDINGMESSAGES": reader.Int32(entry, value => options.MaxPendingMessages = value); break;
                case "MAXPENDINGBYTES": reader.Int64(entry, value => options.MaxPendingBytes = value); break;
                case "AUTOCONNECT": reader.Boolean(entry, value => options.AutoConnect = value); break;
                case "REQUESTTIMEOUT": reader.TimeSpan(entry, value => options.RequestTimeout = value); break;
                case "STREAMCAPACITY": reader.Int32(entry, value => options.StreamCapacity = value); break;
                default: reader.Unknown(entry, Keys, CodeOnlyKeys, "WebSocketOptions"); break;
            }
        }
    }

    private static void BindReconnect(Reader reader, IConfigurationSection entry, ReconnectPolicy policy)
    {
        switch (entry.Key.ToUpperInvariant())
        {
            case "INITIALDELAY": reader.TimeSpan(entry, value => policy.InitialDelay = value); break;
            case "MAXDELAY": reader.TimeSpan(entry, value => policy.MaxDelay = value); break;
            case "MULTIPLIER": reader.Double(entry, value => policy.Multiplier = value); break;
            case "JITTER": reader.Boolean(entry, value => policy.Jitter = value); break;
            case "MAXATTEMPTS": reader.OptionalInt32(entry, value => policy.MaxAttempts = value); break;
            case "MAXELAPSED": reader.OptionalTimeSpan(entry, value => policy.MaxElapsed = value); break;
            default: reader.Unknown(entry, ReconnectKeys, ["ShouldReconnect"], "ReconnectPolicy"); break;
        }
    }

    private static void BindOfflineSends(Reader reader, IConfigurationSection entry, OfflineSendPolicy policy)
    {
        switch (entry.Key.ToUpperInvariant())
        {
            case "MODE": reader.Mode(entry, value => policy.Mode = value); break;
            case "MAXMESSAGES": reader.Int32(entry, value => policy.MaxMessages = value); break;
            case "MAXBYTES": reader.Int64(entry, value => policy.MaxBytes = value); break;
            case "MAXAGE": reader.OptionalTimeSpan(entry, value => policy.MaxAge = value); break;
            default: reader.Unknown(entry, OfflineSendsKeys, [], "OfflineSendPolicy"); break;
        }
    }

    private delegate bool TryParse<T>(string text, out T value);

    // Reads one value at a time; a value that does not parse is recorded as an error naming its key, and not applied.
    private sealed class Reader(List<string> errors)
    {
        public string? String(IConfigurationSection entry) => Scalar(entry, "a string", out var value) ? value : null;

        public void Strings(IConfigurationSection entry, Action<string> add)
        {
            foreach (var item in Items(entry, "a list of strings"))
            {
                if (Scalar(item, "a string", out var value) && value is not null)
                {
                    add(value);
                }
            }
        }

        public void Pairs(IConfigurationSection entry, Action<string, string> set)
        {
            foreach (var item in Items(entry, "an object of names and values"))
            {
                if (Scalar(item, "a string", out var value))
                {
                    set(item.Key, value ?? "");
                }
            }
        }

        public void TimeSpan(IConfigurationSection entry, Action<TimeSpan> set) => Parse(entry, TimeSpanForm, ParseTimeSpan, set);

        public void OptionalTimeSpan(IConfigurationSection entry, Action<TimeSpan?> set) => ParseOptional(entry, TimeSpanForm, ParseTimeSpan, set);

        public void Int32(IConfigurationSection entry, Action<int> set)
            => Parse(entry, "a whole number", static (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value), set);

        public void OptionalInt32(IConfigurationSection entry, Action<int?> set)
            => ParseOptional(entry, "a whole number", static (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value), set);

        public void Int64(IConfigurationSection entry, Action<long> set)
            => Parse(entry, "a whole number", static (string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value), set);

        public void Double(IConfigurationSection entry, Action<double> set)
            => Parse(entry, "a number", static (string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value), set);

        public void Boolean(IConfigurationSection entry, Action<bool> set)
            => Parse(entry, "true or false", static (string text, out bool value) => bool.TryParse(text, out value), set);

        // By name only: Enum.TryParse would also take "1" or "7".
        public void Mode(IConfigurationSection entry, Action<OfflineSendMode> set)
            => Parse(
                entry,
                "Queue or FailFast",
                static (string text, out OfflineSendMode value) => Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text.TrimStart('-', '+', ' ')[0]),
                set);

        // An object of the policy's properties ({} for its defaults), true (the defaults) or false (no policy).
        public TPolicy? Policy<TPolicy>(IConfigurationSection entry, string[] keys, string[] codeOnlyKeys, Action<Reader, IConfigurationSection, TPolicy> bind)
            where TPolicy : class, new()
        {
            var children = new List<IConfigurationSection>(entry.GetChildren());
            if (children.Count == 0)
            {
                switch (entry.Value?.ToUpperInvariant())
                {
                    case null or "" or "TRUE": return new TPolicy();
                    case "FALSE": return null;
                    default:
                        errors.Add($"'{entry.Path}' is '{entry.Value}', which is not an object of {typeof(TPolicy).Name} settings ({string.Join(", ", keys)}), true or false.");
                        return null;
                }
            }

            var policy = new TPolicy();
            foreach (var child in children)
            {
                if (IsOneOf(child.Key, codeOnlyKeys))
                {
                    CodeOnly(child);
                }
                else
                {
                    bind(this, child, policy);
                }
            }

            return policy;
        }

        public void Unknown(IConfigurationSection entry, string[] keys, string[] codeOnlyKeys, string type)
        {
            if (IsOneOf(entry.Key, codeOnlyKeys))
            {
                CodeOnly(entry);
                return;
            }

            errors.Add($"'{entry.Path}' is not a {type} setting; the settings are {string.Join(", ", keys)}.");
        }

        private const string TimeSpanForm = "a time span such as 00:00:30 (hh:mm:ss), or Infinite";

        private static bool IsOneOf(string key, string[] keys) => Array.Exists(keys, candidate => candidate.Equals(key, StringComparison.OrdinalIgnoreCase));

        // A TimeSpan in the invariant format ([-][d.]hh:mm:ss[.fffffff]), or "Infinite" for Timeout.InfiniteTimeSpan.
        private static bool ParseTimeSpan(string text, out TimeSpan value)
        {
            if (text.Equals("Infinite", StringComparison.OrdinalIgnoreCase))
            {
                value = Timeout.InfiniteTimeSpan;
                return true;
            }

            return System.TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        }

        private void Parse<T>(IConfigurationSection entry, string expected, TryParse<T> parse, Action<T> set)
        {
            if (!Scalar(entry, expected, out var text))
            {
                return;
            }

            if (text is not null && parse(text.Trim(), out var value))
            {
                set(value);
            }
            else
            {
                errors.Add($"'{entry.Path}' is '{text}', which is not {expected}.");
            }
        }

        // An empty value is null (no value); anything else must parse.
        private void ParseOptional<T>(IConfigurationSection entry, string expected, TryParse<T> parse, Action<T?> set)
            where T : struct
        {
            if (!Scalar(entry, expected, out var text))
            {
                return;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                set(null);
            }
            else
            {
                Parse(entry, expected, parse, value => set(value));
            }
        }

        private void CodeOnly(IConfigurationSection entry)
            => errors.Add($"'{entry.Path}' cannot be set in configuration: it is code, not data. Set it in the configure callback of AddWebSocketClient.");

        private bool Scalar(IConfigurationSection entry, string expected, out string? value)
        {
            value = entry.Value;
            foreach (var _ in entry.GetChildren())
            {
                errors.Add($"'{entry.Path}' must be {expected}, not an object or a list.");
                return false;
            }

            return true;
        }

        private IEnumerable<IConfigurationSection> Items(IConfigurationSection entry, string expected)
        {
            if (!string.IsNullOrEmpty(entry.Value))
            {
                errors.Add($"'{entry.Path}' must be {expected}, not a single value.");
                return [];
            }

            return entry.GetChildren();
        }
    }
}
