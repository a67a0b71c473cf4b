using System;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Hosting;
using Compat.Server.Http;

namespace Compat.Server.Extensions;

/// <summary>gateway.takeover on the bundled server: the connection's own pipes, after which the server writes nothing.</summary>
internal sealed class ServerTakeoverExtension(PipeReader input, PipeWriter output, Http1ResponseSink sink, bool requestHasBody) : ITakeoverExtension
{
    public async Task<IDuplexPipe> TakeOverAsync()
    {
        if (requestHasBody)
        {
            throw new InvalidOperationException("A request with a body cannot take the connection over: the body and the new protocol's bytes would be mixed.");
        }

        // Before the await: on an old-style handler's pool thread, which it keeps for as long as the connection lasts.
        HeldThreadAdmission.Admit();

        await sink.SwitchProtocolsAsync(ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
        return new ConnectionPipe(input, output);
    }

    private sealed class ConnectionPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
