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
}
