using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Compat.Hosting;

namespace Compat.Server.Http;

internal sealed partial class Http1Connection
{
    private const int LingerBytes = 64 * 1024;
    private static readonly TimeSpan LingerTime = TimeSpan.FromSeconds(1);

    // A request refused before any handler ran: one canned response, then close (the framing can no longer be trusted).
    private async ValueTask RejectAsync(BadRequestException error)
    {
        ServerMetrics.BadRequests.Add(1, ServerMetrics.Reason(error.Reason));
        _server.Log.Expected($"refused: {error.Reason}", $"{_remote}: refused: {error.Message}");
        try
        {
            var status = ReasonPhrases.StatusLine(error.StatusCode);
            await _output.WriteCannedAsync(new PlainTextResponse(status, $"{status}\n"), _options.ServerHeader).ConfigureAwait(false);
            _server.AccessLog.Write(_remote, _head.Method, _head.Target, _head.Protocol, error.StatusCode, 0, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is System.IO.IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async ValueTask CloseAsync()
    {
        _output.MarkClosed();
        if (!_output.IsAborted)
        {
            // Close gently: stop sending, then read and drop what the client is still sending for a moment, so the
            // kernel does not answer unread bytes with a reset that could destroy the response before it is read.
            try
            {
                // What is still buffered goes out under the send pace: completing the writer would send it untimed.
                await _output.FlushPendingAsync().ConfigureAwait(false);
                await _output.Writer.CompleteAsync().ConfigureAwait(false);
                _socket.Shutdown(SocketShutdown.Send);
                using var linger = new CancellationTokenSource(LingerTime);
                var buffer = new byte[4096];
                var total = 0;
                int read;
                while (total < LingerBytes && (read = await _socket.ReceiveAsync(buffer, SocketFlags.None, linger.Token).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }
            }
            catch (Exception ex) when (ex is System.IO.IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
        _headTimeout.Dispose();
        _output.Dispose();
    }
}
