namespace Compat.Adapters;

/// <summary>Settings of a <see cref="SyncAppAdapter"/>. Immutable; each default is a named constant with its reason.</summary>
public sealed class SyncAppAdapterOptions
{
    /// <summary>Kestrel's response buffer limit: enough to keep a socket busy, small enough to bound memory per response.</summary>
    public const int DefaultPauseWriterThreshold = 64 * 1024;

    /// <summary>Bytes buffered between a blocking handler and the host; write() blocks above this.</summary>
    public int PauseWriterThreshold { get; init; } = DefaultPauseWriterThreshold;

    /// <summary>Resume at half the pause threshold, as System.IO.Pipelines does, so write() does not thrash.</summary>
    public int ResumeWriterThreshold => PauseWriterThreshold / 2;
}
