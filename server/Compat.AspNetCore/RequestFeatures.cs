using System.IO.Pipelines;
using System.Threading;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Compat.AspNetCore;

/// <summary>
/// The features a request's environ is built from, looked up by type through the collection's indexer. Both
/// <c>Features.Get&lt;T&gt;()</c> and HttpContext's own properties (which fetch anew whenever the collection's revision
/// changes, and Kestrel changes it for every request) are generic interface calls, which the runtime dispatches
/// through a lookup of its own: a sixth of the host's own time per pipelined request went to them. Where a server lacks a feature that
/// HttpContext makes up (a body reader over the body stream), HttpContext's property is used, so the values are
/// HttpContext's on every server. What routing has already fetched (the request feature behind Method, Path
/// and the rest) is read through HttpContext, whose cache then answers it.
/// </summary>
internal readonly struct RequestFeatures
{
    private readonly HttpContext _context;
    private readonly IFeatureCollection _features;

    public RequestFeatures(HttpContext context)
    {
        _context = context;
        _features = context.Features;
    }

    /// <summary>The target as the client sent it, where the server keeps it.</summary>
    public string? RawTarget => ((IHttpRequestFeature?)_features[typeof(IHttpRequestFeature)])?.RawTarget;

    public IHttpConnectionFeature? Connection => (IHttpConnectionFeature?)_features[typeof(IHttpConnectionFeature)];

    public IConnectionItemsFeature? ConnectionItems => (IConnectionItemsFeature?)_features[typeof(IConnectionItemsFeature)];

    public CancellationToken RequestAborted =>
        _features[typeof(IHttpRequestLifetimeFeature)] is IHttpRequestLifetimeFeature lifetime ? lifetime.RequestAborted : _context.RequestAborted;

    public PipeReader BodyReader =>
        _features[typeof(IRequestBodyPipeFeature)] is IRequestBodyPipeFeature pipe ? pipe.Reader : _context.Request.BodyReader;

    /// <summary>False only when the server knows the request has no body (no Content-Length, no chunking, END_STREAM).</summary>
    public bool CanHaveBody => _features[typeof(IHttpRequestBodyDetectionFeature)] is not IHttpRequestBodyDetectionFeature { CanHaveBody: false };

    public bool IsWebSocketRequest => _features[typeof(IHttpWebSocketFeature)] is IHttpWebSocketFeature { IsWebSocketRequest: true };

    /// <summary>The upgrade feature when the request asks to switch protocols (and is not a WebSocket's).</summary>
    public IHttpUpgradeFeature? Upgrade =>
        _features[typeof(IHttpUpgradeFeature)] is IHttpUpgradeFeature { IsUpgradableRequest: true } upgrade && !IsWebSocketRequest ? upgrade : null;
}
