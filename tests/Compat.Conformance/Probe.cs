using System.Collections.Concurrent;
using System.Threading;

namespace Compat.Conformance;

/// <summary>What a handler observed while it ran, written from whatever thread it ran on.</summary>
public sealed class Probe
{
    private int _runs;
    private int _finallies;
    private int _disposals;

    /// <summary>How many times the handler ran.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>How many times the handler's finally block ran.</summary>
    public int Finallies => Volatile.Read(ref _finallies);

    /// <summary>How many times the body enumerator was disposed.</summary>
    public int Disposals => Volatile.Read(ref _disposals);

    /// <summary>Named events, such as "write raised" or an exception's type.</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Records a run.</summary>
    public void Ran() => Interlocked.Increment(ref _runs);

    /// <summary>Records a finally block.</summary>
    public void Finally() => Interlocked.Increment(ref _finallies);

    /// <summary>Records a disposal.</summary>
    public void Disposed() => Interlocked.Increment(ref _disposals);

    /// <summary>Records an event.</summary>
    /// <param name="name">What happened.</param>
    public void Note(string name) => Events.Enqueue(name);
}
