using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace TypedWebSockets.Hosting;

// Validates the named options of one client when the host starts (ValidateOnStart) and whenever they are created: the URL
// as the WebSocket constructor checks it, the options with WebSocketOptions.Validate, and what configuration binding
// found. Every message names the client and, when there is one, its configuration section; none shows a query string.
internal sealed class WebSocketClientOptionsValidator(string name, string? sectionPath) : IValidateOptions<WebSocketClientOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, WebSocketClientOptions options)
    {
        if (optionsName != name)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(options.BindingErrors);
        if (CheckUrl(options.Url) is { } urlProblem)
        {
            failures.Add(urlProblem);
        }

        try
        {
            options.Options.Validate();
        }
        catch (ArgumentException ex)
        {
            failures.Add(ex.Message);
        }

        if (failures.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var source = sectionPath is null ? "" : $" (configuration section '{sectionPath}')";
        return ValidateOptionsResult.Fail(failures.ConvertAll(failure => $"WebSocket client {name}{source}: {failure}"));
    }

    // The rules of the WebSocket constructor (absolute, ws or wss, no fragment), said in terms of configuration.
    private string? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return sectionPath is null
                ? "the URL is empty."
                : $"Url is missing: set '{sectionPath}:Url' to the server's ws:// or wss:// URL.";
        }

        // On Unix "/path" parses as an absolute file: URI; it is a relative URL all the same.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !url.Contains("://", StringComparison.Ordinal))
        {
            return $"Url '{WithoutQuery(url)}' is not an absolute URL (ws://host:port/path or wss://...).";
        }

        if (uri.Scheme != "ws" && uri.Scheme != "wss")
        {
            return $"Url '{WithoutQuery(url)}' has the scheme '{uri.Scheme}'; a WebSocket URL starts with ws:// or wss://.";
        }

        if (uri.Fragment.Length > 0)
        {
            return $"Url '{WithoutQuery(url)}' has a fragment ('{uri.Fragment}'), which a WebSocket URL cannot have.";
        }

        return null;
    }

    // Startup errors end up in logs: a token in the query string stays out of them.
    private static string WithoutQuery(string url) => url.IndexOfAny(['?', '#']) is var end and >= 0 ? url[..end] : url;
}
