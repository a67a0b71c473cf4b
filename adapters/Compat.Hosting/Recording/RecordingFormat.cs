using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Compat.Hosting.Recording;

/// <summary>
/// A recording's line format (docs/recording.md): one request per line, a JSON object, so a file diffs by request
/// and a person can add a case by copying a line. Fields: <c>handler</c>, <c>target</c> (required); <c>mount</c>,
/// <c>method</c>, <c>protocol</c>, <c>scheme</c>, <c>headers</c> (an array of [name, value] pairs), <c>body</c> (text)
/// or <c>bodyBase64</c>, <c>bodyComplete</c>, <c>time</c>. Unknown fields are refused, so a typo is not a silent default.
/// </summary>
public static class RecordingFormat
{
    /// <summary>The extension of recording files.</summary>
    public const string FileExtension = ".jsonl";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Readable text: a body's quotes and angle brackets stay as they are (a recording is never embedded in HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes a request as one line, without the line feed.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The line's UTF-8 bytes.</returns>
    public static byte[] Write(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(256 + request.Body.Length * 4 / 3);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            if (request.Time is { } time) json.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("handler", request.Handler);
            json.WriteString("mount", request.Mount);
            json.WriteString("method", request.Method);
            json.WriteString("target", request.Target);
            json.WriteString("protocol", request.Protocol);
            json.WriteString("scheme", request.Scheme);
            json.WriteStartArray("headers");
            foreach (var header in request.Headers)
            {
                json.WriteStartArray();
                json.WriteStringValue(header.Key);
                json.WriteStringValue(header.Value);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            if (!request.Body.IsEmpty)
            {
                if (TryText(request.Body.Span, out var text)) json.WriteString("body", text);
                else json.WriteBase64String("bodyBase64", request.Body.Span);
            }

            if (!request.BodyComplete) json.WriteBoolean("bodyComplete", false);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads one line.</summary>
    /// <param name="line">The line, without its line feed.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormatException">The line is not a request; the message says what is wrong.</exception>
    public static RecordedRequest Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a JSON object: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("not a JSON object");
            string? handler = null, target = null, mount = null, method = null, protocol = null, scheme = null;
            List<KeyValuePair<string, string>> headers = [];
            byte[] body = [];
            var complete = true;
            DateTimeOffset? time = null;
            foreach (var field in root.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "handler": handler = Text(field); break;
                    case "target": target = Text(field); break;
                    case "mount": mount = Text(field); break;
                    case "method": method = Text(field); break;
                    case "protocol": protocol = Text(field); break;
                    case "scheme": scheme = Text(field); break;
                    case "headers": headers = Headers(field.Value); break;
                    case "body": body = Encoding.UTF8.GetBytes(Text(field)); break;
                    case "bodyBase64":
                        body = field.Value.ValueKind == JsonValueKind.String && field.Value.TryGetBytesFromBase64(out var decoded)
                            ? decoded
                            : throw new FormatException("\"bodyBase64\" must be a base64 string");
                        break;
                    case "bodyComplete":
                        complete = field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                            ? field.Value.GetBoolean()
                            : throw new FormatException("\"bodyComplete\" must be true or false");
                        break;
                    case "time":
                        time = DateTimeOffset.TryParse(Text(field), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                            ? parsed
                            : throw new FormatException("\"time\" must be a date and time such as 2026-12-02T14:00:00Z");
                        break;
                    default:
                        throw new FormatException($"unknown field \"{field.Name}\"");
                }
            }

            if (string.IsNullOrEmpty(handler)) throw new FormatException("\"handler\" is missing");
            if (string.IsNullOrEmpty(target) || (target[0] != '/' && target != "*")) throw new FormatException("\"target\" is missing or does not start with /");
            if (mount is { Length: > 0 } && mount[0] != '/') throw new FormatException("\"mount\" must be empty or start with /");
            return new RecordedRequest
            {
                Handler = handler,
                Target = target,
                Mount = mount ?? string.Empty,
                Method = string.IsNullOrEmpty(method) ? "GET" : method,
                Protocol = string.IsNullOrEmpty(protocol) ? "HTTP/1.1" : protocol,
                Scheme = string.IsNullOrEmpty(scheme) ? "http" : scheme,
                Headers = headers,
                Body = body,
                BodyComplete = complete,
                Time = time,
            };
        }
    }

    private static string Text(JsonProperty field) =>
        field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : throw new FormatException($"\"{field.Name}\" must be a string");

    private static List<KeyValuePair<string, string>> Headers(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) throw new FormatException("\"headers\" must be an array of [name, value] pairs");
        List<KeyValuePair<string, string>> headers = [];
        foreach (var pair in value.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
            {
                throw new FormatException("\"headers\" must be an array of [name, value] pairs of strings");
            }

            var name = pair[0].GetString()!;
            var text = pair[1].GetString()!;
            if (name.Length == 0 || name.AsSpan().IndexOfAny(" \t\r\n:") >= 0) throw new FormatException($"header name \"{name}\" is not a token");
            foreach (var c in text)
            {
                if (c > 0xFF || c is '\r' or '\n' or '\0') throw new FormatException($"header {name}'s value has a character that is not an octet of a header value");
            }

            headers.Add(new(name, text));
        }

        return headers;
    }

    // Text when it reads back as the same bytes: valid UTF-8 with no control characters beyond tab and line ends.
    private static bool TryText(ReadOnlySpan<byte> body, out string text)
    {
        text = string.Empty;
        foreach (var b in body)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) return false;
            if (b == 0x7F) return false;
        }

        try
        {
            text = StrictUtf8.GetString(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
