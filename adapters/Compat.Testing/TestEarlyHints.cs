using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Testing;

/// <summary>Records 103 Early Hints the way an HTTP/1.1 host sends them: validated, and only before the final head.</summary>
internal sealed class TestEarlyHints : IEarlyHintsExtension
{
    private readonly TestResponseSink _sink;
    private readonly bool _http11;

    public TestEarlyHints(TestResponseSink sink, bool http11)
    {
        _sink = sink;
        _http11 = http11;
    }

    public List<IReadOnlyList<KeyValuePair<string, string>>> Sent { get; } = [];

    public void Send(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        ResponseValidator.ValidateHeaders(headers);
        if (_http11 && !_sink.Started)
        {
            Sent.Add([.. headers]);
        }
    }
}
