using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>Where the server mounts each sample when it is run without --mount.</summary>
public static class SampleMounts
{
    /// <summary>Old-style samples by prefix.</summary>
    public static IReadOnlyList<KeyValuePair<string, SyncApp>> Sync { get; } =
    [
        new("/legacy", LegacyHandlers.Hello),
        new("/migrated", MigratedHandlers.Hello),
        new("/upload", LegacyHandlers.UploadChecksum),
        new("/ws/legacy-echo", ExtensionHandlers.LegacyEcho),
        new("/lines", ExtensionHandlers.LineProtocol),
    ];

    /// <summary>New-style samples by prefix.</summary>
    public static IReadOnlyList<KeyValuePair<string, AsyncApp>> Async { get; } =
    [
        new("/", AsyncHandlers.Index),
        new("/async", AsyncHandlers.Hello),
        new("/download", AsyncHandlers.Download),
        new("/environ", EnvironHandlers.Show),
        new("/ws/echo", ExtensionHandlers.Echo),
        new("/chat", ChatRoom.Handle),
        new("/hints", ExtensionHandlers.HintedPage),
    ];
}
