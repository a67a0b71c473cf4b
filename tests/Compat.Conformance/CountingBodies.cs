using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Conformance;

/// <summary>Bodies that count how often the host disposes their enumerators (docs/gateway.md rule 5).</summary>
public static class CountingBodies
{
    /// <summary>Wraps a synchronous body.</summary>
    /// <param name="inner">The body.</param>
    /// <param name="probe">Counts disposals.</param>
    /// <returns>The counting body.</returns>
    public static IEnumerable<byte[]> Count(IEnumerable<byte[]> inner, Probe probe) => new SyncBody(inner, probe);

    /// <summary>Wraps an asynchronous body.</summary>
    /// <param name="inner">The body.</param>
    /// <param name="probe">Counts disposals.</param>
    /// <returns>The counting body.</returns>
    public static IAsyncEnumerable<ReadOnlyMemory<byte>> Count(IAsyncEnumerable<ReadOnlyMemory<byte>> inner, Probe probe) => new AsyncBody(inner, probe);

    private sealed class SyncBody(IEnumerable<byte[]> inner, Probe probe) : IEnumerable<byte[]>
    {
        public IEnumerator<byte[]> GetEnumerator() => new Enumerator(inner.GetEnumerator(), probe);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private sealed class Enumerator(IEnumerator<byte[]> inner, Probe probe) : IEnumerator<byte[]>
        {
            public byte[] Current => inner.Current;

            object IEnumerator.Current => Current;

            public bool MoveNext() => inner.MoveNext();

            public void Reset() => inner.Reset();

            public void Dispose()
            {
                probe.Disposed();
                inner.Dispose();
            }
        }
    }

    private sealed class AsyncBody(IAsyncEnumerable<ReadOnlyMemory<byte>> inner, Probe probe) : IAsyncEnumerable<ReadOnlyMemory<byte>>
    {
        public IAsyncEnumerator<ReadOnlyMemory<byte>> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new Enumerator(inner.GetAsyncEnumerator(cancellationToken), probe);

        private sealed class Enumerator(IAsyncEnumerator<ReadOnlyMemory<byte>> inner, Probe probe) : IAsyncEnumerator<ReadOnlyMemory<byte>>
        {
            public ReadOnlyMemory<byte> Current => inner.Current;

            public ValueTask<bool> MoveNextAsync() => inner.MoveNextAsync();

            public ValueTask DisposeAsync()
            {
                probe.Disposed();
                return inner.DisposeAsync();
            }
        }
    }
}
