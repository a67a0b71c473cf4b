namespace Compat.Hosting;

/// <summary>Settings of a <see cref="RequestRunner"/>. Immutable; each default is a named constant with its reason.</summary>
public sealed class RequestRunnerOptions
{
    /// <summary>Names the software without a version, as Kestrel's "Kestrel" does, so it leaks nothing to probe.</summary>
    public const string DefaultServerHeader = "Compat";

    /// <summary>The Server header added when a handler gives none; null adds none.</summary>
    public string? ServerHeader { get; init; } = DefaultServerHeader;

    /// <summary>Where the runner reports what it met; null writes one line per event to the request's
    /// <c>Environ.Errors</c>, with the exception's text for a failure.</summary>
    public RequestLogger? Log { get; init; }

    /// <summary>
    /// Whether the host's flow may continue on the pool thread that ran an old-style handler, until the host next
    /// waits (see <see cref="Compat.Adapters.SyncAppAdapter.RunAsync"/>): a connection's pipelined old-style requests
    /// then run one after another on that thread with no hand-off, and new-style handlers are moved to the ThreadPool
    /// before they run. Only for a host whose connection code is its own and never blocks (the bundled server); off by
    /// default, since elsewhere the code after a request (a framework's, a user's middleware) is not known to be so.
    /// </summary>
    public bool ContinueOnPoolThread { get; init; }

    /// <summary>Records a sample of the requests this runner serves (<see cref="Recording.TrafficRecorder"/>); null records none.</summary>
    public Recording.TrafficRecorder? Recorder { get; init; }
}
