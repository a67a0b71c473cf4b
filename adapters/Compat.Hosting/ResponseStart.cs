using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// The host's start_response for one request: it validates and records the status and headers, and enforces
/// docs/gateway.md rule 2. Runs on whatever thread runs the handler's async code, which is also the runner's flow.
/// </summary>
internal sealed class ResponseStart
{
    public ResponseStart() => Callback = Start;

    public AsyncStartResponse Callback { get; }

    public string? Status { get; private set; }

    public int StatusCode { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; } = [];

    public long? DeclaredLength { get; private set; }

    public bool HeadersSent { get; set; }

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
