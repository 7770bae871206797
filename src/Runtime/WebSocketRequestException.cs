using System;
using System.Text.Json;

namespace TypedWebSockets;

/// <summary>
/// The server answered a request (<see cref="RequestsAttribute{TRequest, TResponse}"/>) with an error reply: a response
/// carrying the client's <see cref="WebSocketClientAttribute.ErrorProperty"/> (<c>{"id":7,"error":{"code":404,"message":"no such user"}}</c>).
/// </summary>
public sealed class WebSocketRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The description.</param>
    /// <param name="error">The error property's value, as sent.</param>
    /// <param name="requestType">The request contract type.</param>
    /// <param name="correlationId">The request's correlation id.</param>
    public WebSocketRequestException(string message, JsonElement error, Type requestType, long correlationId)
        : base(message)
    {
        Error = error;
        RequestType = requestType;
        CorrelationId = correlationId;
        if (error.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in error.EnumerateObject())
            {
                if (property.NameEquals("code"u8) && Code is null)
                {
                    Code = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }
                else if (property.NameEquals("message"u8) && ErrorMessage is null && property.Value.ValueKind == JsonValueKind.String)
                {
                    ErrorMessage = property.Value.GetString();
                }
            }
        }
        else if (error.ValueKind == JsonValueKind.String)
        {
            ErrorMessage = error.GetString();
        }
    }

    /// <summary>The value of the error property as sent (a detached copy: valid after the message is gone).</summary>
    public JsonElement Error { get; }

    /// <summary>The error object's <c>code</c> property (a string's value, or a number's JSON text), if any.</summary>
    public string? Code { get; }

    /// <summary>The error object's <c>message</c> property, or the error itself when it is a string; <see langword="null"/> otherwise.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The request contract type.</summary>
    public Type RequestType { get; }

    /// <summary>The request's correlation id.</summary>
    public long CorrelationId { get; }
}
