using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// One response as the handler started it and as the runner has sent it: the host's start_response, which
/// validates and records the status and headers and enforces docs/gateway.md rule 2, and the body's progress. Used
/// by one thread at a time: the runner's flow, or an old-style handler's pool thread while it writes the response.
/// </summary>
internal sealed class ResponseStart
{
    public ResponseStart(bool isHead)
    {
        Callback = Start;
        IsHead = isHead;
        BodyAllowed = !isHead;
    }

    public AsyncStartResponse Callback { get; }

    public string? Status { get; private set; }

    public int StatusCode { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; } = [];

    public long? DeclaredLength { get; private set; }

    public bool HeadersSent { get; set; }

    /// <summary>The request is a HEAD: a head is sent, no body.</summary>
    public bool IsHead { get; }

    /// <summary>Whether body bytes go to the sink (not for HEAD, 204 or 304).</summary>
    public bool BodyAllowed { get; set; }

    /// <summary>Body bytes the handler produced, sent or not.</summary>
    public long Sent { get; set; }

    /// <summary>Body bytes written to the sink since its last flush.</summary>
    public long Unflushed { get; set; }

    private void Start(string status, IReadOnlyList<KeyValuePair<string, string>> headers, ExceptionDispatchInfo? excInfo)
    {
        StartResponseRules.CheckRepeat(Status is not null, HeadersSent, excInfo);
        var code = ResponseValidator.ParseStatus(status);
        DeclaredLength = ResponseValidator.ValidateHeaders(headers);
        Headers = headers;
        StatusCode = code;
        Status = status;
    }
}
