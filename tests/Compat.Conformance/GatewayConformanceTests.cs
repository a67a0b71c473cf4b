using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Conformance;

/// <summary>
/// Every numbered rule of docs/gateway.md, for both handler styles. A host's test project derives from this class and
/// says how to send a request to a handler; a behaviour that differs between hosts is a bug in one of them.
/// </summary>
public abstract partial class GatewayConformanceTests
{
    /// <summary>Plain-text headers without a length.</summary>
    protected static readonly KeyValuePair<string, string>[] TextPlain = [new("Content-Type", "text/plain")];

    /// <summary>Sends a request to a new-style handler on the host under test.</summary>
    /// <param name="app">The handler.</param>
    /// <param name="request">The request.</param>
    /// <param name="mount">Where the handler is mounted; the root unless a rule says otherwise.</param>
    /// <returns>What the client received.</returns>
    protected abstract Task<TestResponse> SendAsync(AsyncApp app, TestRequest request, string mount = "/");

    /// <summary>Sends a request to an old-style handler on the host under test.</summary>
    /// <param name="app">The handler.</param>
    /// <param name="request">The request.</param>
    /// <param name="mount">Where the handler is mounted; the root unless a rule says otherwise.</param>
    /// <returns>What the client received.</returns>
    protected abstract Task<TestResponse> SendAsync(SyncApp app, TestRequest request, string mount = "/");

    /// <summary>
    /// Whether the host can put a non-ASCII reason phrase on the wire. Kestrel writes reason phrases as ASCII, so
    /// the ASP.NET Core host says no (docs/aspnetcore.md); header values are octets on every host.
    /// </summary>
    protected virtual bool SendsOctetReasonPhrases => true;

    /// <summary>
    /// The response was cut off after its headers went out. The client must be able to tell; whether it also saw
    /// the 200 head depends on whether the host's transport sent it before the abort (Kestrel may not).
    /// </summary>
    /// <param name="response">The response.</param>
    protected static void AssertAbortedAfterHeaders(TestResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.Aborted, "the connection should have been aborted");
        Assert.True(response.StatusCode is 200 or 0, $"after headers went out the client must not get a new status, got {response.StatusCode}");
    }

    /// <summary>Sends a request to the handler of the given style.</summary>
    /// <param name="style">Which of the two handlers to run.</param>
    /// <param name="sync">The old-style handler.</param>
    /// <param name="async">The new-style handler.</param>
    /// <param name="request">The request; a GET of / when null.</param>
    /// <returns>What the client received.</returns>
    /// <param name="mount">Where the handler is mounted.</param>
    protected Task<TestResponse> SendAsync(HandlerStyle style, SyncApp sync, AsyncApp async, TestRequest? request = null, string mount = "/") =>
        style == HandlerStyle.Sync ? SendAsync(sync, request ?? new TestRequest(), mount) : SendAsync(async, request ?? new TestRequest(), mount);

    /// <summary>ASCII bytes of a string.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Its bytes.</returns>
    protected static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Headers with a Content-Length.</summary>
    /// <param name="length">The declared length.</param>
    /// <returns>The headers.</returns>
    protected static KeyValuePair<string, string>[] WithLength(long length) =>
        [new("Content-Type", "text/plain"), new("Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>An async body of the given chunks, with a real await between them.</summary>
    /// <param name="chunks">The chunks.</param>
    /// <param name="cancellationToken">Cancellation from the host.</param>
    /// <returns>The body.</returns>
    protected static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(IEnumerable<byte[]> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }

    /// <summary>Throws; a handler calls it where it would fail, so the compiler still sees an iterator.</summary>
    /// <param name="message">The exception's message.</param>
    protected static void Fail(string message) => throw new InvalidOperationException(message);
}
