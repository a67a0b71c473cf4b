using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Compat.Server.Http;

namespace Compat.Server.Extensions;

/// <summary>
/// The connection's pipes as one Stream, for System.Net.WebSockets.WebSocket.CreateFromStream. Reading goes through
/// the connection's PipeReader, so bytes the client sent right after its handshake are not lost. Each write is
/// flushed through <see cref="ConnectionOutput.FlushAsync"/>, under the connection's send pace: a peer that stops
/// reading is cut off as an HTTP client would be, instead of holding its sender (and an old-style handler's pool
/// thread) for as long as it likes.
/// </summary>
internal sealed class DuplexPipeStream(PipeReader input, ConnectionOutput output) : Stream
{
    private readonly Stream _input = input.AsStream(leaveOpen: true);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _input.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _input.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        output.Writer.Write(buffer.Span);
        return output.FlushAsync();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushPendingAsync().AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    // WebSocket.Abort (and Dispose) dispose the stream to end its pending receive and send, as a NetworkStream's
    // disposal would; the connection's pipes outlive this stream, so their waits are cancelled instead.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.CancelPendingRead();
            output.Writer.CancelPendingFlush();
        }

        base.Dispose(disposing);
    }

    public override void SetLength(long value) => throw new NotSupportedException();
}
