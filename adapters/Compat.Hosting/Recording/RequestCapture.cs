using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Compat.Gateway;

namespace Compat.Hosting.Recording;

/// <summary>One sampled request on its way to a recording: what the handler was given, taken before it ran, and a
/// <see cref="RecordingBodyReader"/> in front of its body.</summary>
internal sealed class RequestCapture
{
    private readonly TrafficRecorder _recorder;
    private readonly RecordedRequest _request;
    private readonly RecordingBodyReader? _body;

    private RequestCapture(TrafficRecorder recorder, RecordedRequest request, RecordingBodyReader? body)
    {
        _recorder = recorder;
        _request = request;
        _body = body;
    }

    public static RequestCapture Start(TrafficRecorder recorder, string handler, Environ environ, int maxBodyBytes, HashSet<string> redacted)
    {
        List<KeyValuePair<string, string>> headers = [];
        foreach (var (key, value) in environ)
        {
            if (value is not string text) continue;
            var name = key switch
            {
                EnvironKeys.ContentType => "Content-Type",
                EnvironKeys.ContentLength => "Content-Length",
                _ when key.StartsWith(EnvironKeys.HeaderPrefix, StringComparison.Ordinal) => HeaderName(key),
                _ => null,
            };
            if (name is not null) headers.Add(new(name, redacted.Contains(name) ? RecordingOptions.RedactedValue : text));
        }

        var rawPath = environ.TryGetValue(EnvironKeys.RawPath, out var raw) && raw is ReadOnlyMemory<byte> bytes
            ? Encoding.Latin1.GetString(bytes.Span)
            : environ.ScriptName + environ.PathInfo;
        var query = environ.QueryString;
        var request = new RecordedRequest
        {
            Handler = handler,
            Mount = environ.ScriptName,
            Method = environ.RequestMethod,
            Target = string.IsNullOrEmpty(query) ? rawPath : rawPath + "?" + query,
            Protocol = environ.ServerProtocol,
            Scheme = environ.UrlScheme,
            Headers = headers,
            Time = DateTimeOffset.UtcNow,
        };

        // A request without Content-Length or Transfer-Encoding has no body: nothing to keep or to wait for.
        RecordingBodyReader? body = null;
        if (environ.BodyReader is { } reader && (environ.ContainsKey(EnvironKeys.ContentLength) || environ.ContainsKey("HTTP_TRANSFER_ENCODING")))
        {
            body = new RecordingBodyReader(reader, maxBodyBytes);
            environ.BodyReader = body;
            if (!ReferenceEquals(environ.Input, Stream.Null)) environ.Input = body.AsStream(leaveOpen: true);
        }

        return new RequestCapture(recorder, request, body);
    }

    /// <summary>Hands the request to the recorder, with the body as far as the handler read it.</summary>
    public void Finish() => _recorder.Enqueue(_body is null ? _request : _request with { Body = _body.Kept.ToArray(), BodyComplete = _body.WholeBodyKept });

    // HTTP_X_API_KEY -> X-Api-Key: the environ keeps no header's spelling, and handlers see only the key.
    private static string HeaderName(string key)
    {
        var name = new StringBuilder(key.Length - EnvironKeys.HeaderPrefix.Length);
        var upper = true;
        for (var i = EnvironKeys.HeaderPrefix.Length; i < key.Length; i++)
        {
            var c = key[i];
            if (c == '_')
            {
                name.Append('-');
                upper = true;
                continue;
            }

            name.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = false;
        }

        return name.ToString();
    }
}
