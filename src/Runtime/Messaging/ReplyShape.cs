using System;
using System.Text;

namespace TypedWebSockets.Messaging;

/// <summary>
/// How one request's or subscription's replies are read: the reply slots of their kind and payload, and the kinds that
/// mean error, item and completion (UTF-8, compared with the raw reply bytes).
/// </summary>
internal sealed class ReplyShape
{
    public ReplyShape(MessageContract request, CorrelatedContractOptions? options, bool subscription)
    {
        var correlation = request.Format.Correlation;
        Correlation = correlation;
        var clientType = request.ClientType;
        var responseEnvelope = options?.ResponseEnvelope is { } response ? MessagePath.Parse(response) : correlation.ResponseEnvelopePath;
        PayloadPath = subscription && options?.ItemEnvelope is { } item ? MessagePath.Parse(item) : responseEnvelope;
        PayloadSlot = correlation.RequireSlot(PayloadPath, subscription ? "The item envelope" : "The response envelope", clientType);
        ErrorKind = Utf8(options?.ErrorDiscriminator);
        ItemKind = subscription ? Utf8(options?.ItemDiscriminator) : null;
        CompleteKind = subscription ? Utf8(options?.CompleteDiscriminator) : null;
        KindSlot = ErrorKind is null && ItemKind is null && CompleteKind is null
            ? -1
            : correlation.RequireSlot(request.DiscriminatorPath, "The discriminator property", clientType);
        if (!subscription && (options?.ItemEnvelope ?? options?.ItemDiscriminator ?? options?.CompleteDiscriminator ?? options?.StopDiscriminator) is not null)
        {
            throw new ArgumentException("ItemEnvelope, ItemDiscriminator, CompleteDiscriminator and StopDiscriminator belong to subscriptions, not requests.", nameof(options));
        }

        Head = new CorrelatedHead(request.Format, request.Kind, request.DiscriminatorPath, request.EnvelopePath, correlation.IdPath, correlation.IdFormat);
        if (subscription && options?.StopDiscriminator is { } stop)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(stop, nameof(options.StopDiscriminator));
            StopHead = new CorrelatedHead(request.Format, MessageKind.String(stop), request.DiscriminatorPath, MessagePath.Root, correlation.IdPath, correlation.IdFormat);
        }
    }

    public CorrelationFormat Correlation { get; }

    /// <summary>The request's head, its id left open.</summary>
    public CorrelatedHead Head { get; }

    /// <summary>The stop message's head (kind and id, no payload), or <see langword="null"/> when nothing is sent on stop.</summary>
    public CorrelatedHead? StopHead { get; }

    public MessagePath PayloadPath { get; }

    /// <summary>The reply slot of the payload, or -1 for the whole reply.</summary>
    public int PayloadSlot { get; }

    /// <summary>The reply slot of the kind, or -1 when no kind is checked.</summary>
    public int KindSlot { get; }

    public byte[]? ErrorKind { get; }

    public byte[]? ItemKind { get; }

    public byte[]? CompleteKind { get; }

    /// <summary>Whether the reply's kind is <paramref name="kind"/>.</summary>
    public bool KindIs(ref MessageReader reply, byte[]? kind)
        => kind is not null && reply.TryGetRawValue(KindSlot, out var raw) && CorrelationFormat.IsString(raw, kind);

    /// <summary>The reply's error: its error property when not null, or, when its kind is the error kind, its payload.</summary>
    public bool TryGetError(ref MessageReader reply, out ReadOnlySpan<byte> error)
    {
        if (reply.TryGetRawValue(Correlation.ErrorSlot, out error) && !CorrelationFormat.IsNull(error))
        {
            return true;
        }

        if (KindIs(ref reply, ErrorKind))
        {
            error = PayloadSlot < 0 ? reply.Message : reply.TryGetRawValue(PayloadSlot, out var payload) ? payload : "null"u8;
            return true;
        }

        error = default;
        return false;
    }

    /// <summary>The payload, or <see langword="false"/> when it is absent or repeated.</summary>
    public bool TryGetPayload(ref MessageReader reply, out ReadOnlySpan<byte> payload)
    {
        if (PayloadSlot < 0)
        {
            payload = reply.Message;
            return true;
        }

        return reply.TryGetRawValue(PayloadSlot, out payload);
    }

    private static byte[]? Utf8(string? kind)
    {
        if (kind is null)
        {
            return null;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return Encoding.UTF8.GetBytes(kind);
    }
}
