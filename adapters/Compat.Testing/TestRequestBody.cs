using System;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Hosting;

namespace Compat.Testing;

/// <summary>
/// The client side of a test request's body: it feeds the body into a pipe in pieces as the handler reads, and,
/// like a real client after <c>Expect: 100-continue</c>, sends nothing until the host has answered 100.
/// </summary>
internal sealed class TestRequestBody : IAsyncDisposable
{
    private readonly TestRequest _request;
    private readonly bool _http11;
    private readonly Pipe _pipe = new(new PipeOptions(useSynchronizationContext: false));
    private readonly TaskCompletionSource _continue = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FirstReadPipeReader? _continueReader;
    private Task _producer = Task.CompletedTask;

    public TestRequestBody(TestRequest request, bool http11)
    {
        _request = request;
        _http11 = http11;
    }

    public bool ContinueSent => _continueReader?.FirstReadSeen ?? false;

    public void Attach(Environ environ)
    {
        var body = _request.Body ?? [];
        if (_request.Body is not null)
        {
            if (_request.ChunkedBody)
            {
                environ.AddRequestHeader("Transfer-Encoding", "chunked");
            }
            else if (environ.ContentLength is null)
            {
                environ.ContentLength = body.Length;
            }
        }

        PipeReader reader = _pipe.Reader;
        var expectsContinue = _http11 && environ.Headers.TryGetValue("HTTP_EXPECT", out var expect)
            && string.Equals(expect, "100-continue", StringComparison.OrdinalIgnoreCase);
        if (expectsContinue)
        {
            _continueReader = new FirstReadPipeReader(reader, () =>
            {
                _continue.TrySetResult();
                return ValueTask.CompletedTask;
            });
            reader = _continueReader;
        }
        else
        {
            _continue.TrySetResult();
        }

        environ.BodyReader = reader;
        environ.Input = reader.AsStream(leaveOpen: true);
        _producer = ProduceAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever the handler left unread is discarded, as a host drains or closes; a client still waiting
        // for its 100 gives up.
        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        _continue.TrySetCanceled();
        try
        {
            await _producer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ProduceAsync(byte[] body)
    {
        await _continue.Task.ConfigureAwait(false);
        var piece = Math.Max(1, _request.BodyChunkSize);
        for (var offset = 0; offset < body.Length; offset += piece)
        {
            var result = await _pipe.Writer.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset))).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
    }
}
