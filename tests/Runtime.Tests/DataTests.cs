using System;
using System.Linq;
using System.Text;
using Xunit;

namespace TypedWebSockets.Tests;

/// <summary>Data (the seed's byte buffer) and WebSocketMessage (the seed's <c>string | Data</c>).</summary>
public sealed class DataTests
{
    [Theory]
    [InlineData("")]
    [InlineData("some message")]
    [InlineData("héllo 中文 😀")]
    public void FromString_is_UTF8_and_ToRawString_decodes_it(string text)
    {
        var data = Data.FromString(text);
        Assert.Equal(Encoding.UTF8.GetBytes(text), data.GetBytes());
        Assert.Equal(Encoding.UTF8.GetByteCount(text), data.Length);
        Assert.Equal(text, data.ToRawString());
    }

    [Fact]
    public void FromBytes_copies_its_input()
    {
        byte[] bytes = [1, 2, 3];
        var data = Data.FromBytes(bytes);
        bytes[0] = 99;
        Assert.Equal([1, 2, 3], data.GetBytes());
        Assert.Equal([1, 2, 3], data.Memory.ToArray());
        Assert.Equal([1, 2, 3], data.Span.ToArray());
    }

    [Fact]
    public void GetBytes_returns_a_new_copy_each_time()
    {
        var data = Data.FromBytes([1, 2, 3]);
        var first = data.GetBytes();
        first[0] = 99;
        var second = data.GetBytes();
        Assert.Equal([1, 2, 3], second);
        Assert.NotSame(first, second);
        Assert.Equal(1, data.Span[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AA==")]
    [InlineData("AQID")]
    [InlineData("/+8=")]
    public void Base64_round_trips(string base64)
    {
        var data = Data.FromBase64String(base64);
        Assert.Equal(Convert.FromBase64String(base64), data.GetBytes());
        Assert.Equal(base64, data.ToBase64String());
    }

    [Fact]
    public void Conversions_agree_with_each_other()
    {
        var fromString = Data.FromString("hi ✓");
        var fromBytes = Data.FromBytes(Encoding.UTF8.GetBytes("hi ✓"));
        var fromBase64 = Data.FromBase64String(Convert.ToBase64String(Encoding.UTF8.GetBytes("hi ✓")));
        Assert.Equal(fromString, fromBytes);
        Assert.Equal(fromBytes, fromBase64);
        Assert.Equal("hi ✓", fromBase64.ToRawString());
        Assert.Equal(fromString.ToBase64String(), fromBytes.ToBase64String());
    }

    [Fact]
    public void Invalid_base64_throws_FormatException()
    {
        Assert.Throws<FormatException>(() => Data.FromBase64String("not base64!"));
    }

    [Fact]
    public void Null_inputs_throw_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => Data.FromString(null!));
        Assert.Throws<ArgumentNullException>(() => Data.FromBase64String(null!));
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Data.FromBytes([1, 2, 3]);
        var b = Data.FromString("\u0001\u0002\u0003");
        var c = Data.FromBytes([1, 2, 4]);
        var shorter = Data.FromBytes([1, 2]);

        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.False(a.Equals(c));
        Assert.False(a == c);
        Assert.True(a != c);
        Assert.False(a.Equals(shorter));
        Assert.False(a.Equals(null));
        Assert.False(a.Equals("not data"));
        Assert.False(a == null);
        Assert.True((Data?)null == null);
        Assert.Equal(Data.Empty, Data.FromBytes([]));
        Assert.Equal(Data.Empty, Data.FromString(""));
        Assert.Equal(Data.Empty.GetHashCode(), Data.FromBase64String("").GetHashCode());
        Assert.Equal(2, new[] { a, b, c }.Distinct().Count());
    }

    [Fact]
    public void ToString_describes_the_length()
    {
        Assert.Equal("Data(3 bytes)", Data.FromBytes([1, 2, 3]).ToString());
        Assert.Equal(0, Data.Empty.Length);
        Assert.Empty(Data.Empty.GetBytes());
    }

    [Fact]
    public void A_text_message_has_Text_and_no_Data()
    {
        var message = WebSocketMessage.FromText("hi");
        Assert.True(message.IsText);
        Assert.False(message.IsBinary);
        Assert.Equal("hi", message.Text);
        Assert.Null(message.Data);
        Assert.Equal("hi", message.ToString());
    }

    [Fact]
    public void A_binary_message_has_Data_and_no_Text()
    {
        var data = Data.FromBytes([1, 2]);
        var message = WebSocketMessage.FromData(data);
        Assert.True(message.IsBinary);
        Assert.False(message.IsText);
        Assert.Same(data, message.Data);
        Assert.Null(message.Text);
        Assert.Equal("Data(2 bytes)", message.ToString());
    }

    [Fact]
    public void An_empty_text_message_is_still_text()
    {
        var message = WebSocketMessage.FromText("");
        Assert.True(message.IsText);
        Assert.Equal("", message.Text);
    }

    [Fact]
    public void Messages_reject_null()
    {
        Assert.Throws<ArgumentNullException>(() => WebSocketMessage.FromText(null!));
        Assert.Throws<ArgumentNullException>(() => WebSocketMessage.FromData(null!));
    }
}
