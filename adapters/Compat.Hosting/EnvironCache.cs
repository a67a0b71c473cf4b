using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// What one connection's requests repeat, remembered for the next: a client on a keep-alive connection sends the
/// same Host and often the same path, and a transport that hands back the same string or bytes for them (the
/// bundled server's parser does) skips their parsing, decoding and routing. Keyed by reference, so a transport that
/// makes new strings every time just gets no hits. One per connection; not thread-safe.
/// </summary>
public sealed class EnvironCache
{
    internal (string? Host, bool Valid, string Name, string? Port) Server;

    internal (byte[]? RawPath, string? PathBase, object RawPathBox, AsyncApp App, string ScriptName, string PathInfo) Route;
}
