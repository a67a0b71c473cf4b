using System;
using System.IO;
using System.Net.Sockets;

namespace Compat.Server;

/// <summary>
/// Listening on a Unix domain socket path: a stale file from a server that is gone is replaced (as nginx upstreams
/// expect after a crash), and a live one is left alone. (.NET removes the file when the listening socket is disposed.)
/// </summary>
internal static class UnixSocketListener
{
    /// <summary>Binds and listens on <paramref name="path"/>.</summary>
    /// <exception cref="SocketException">Another server answers on the path, or it cannot be bound.</exception>
    /// <exception cref="IOException">The path is a file that is not a socket.</exception>
    public static Socket Bind(string path)
    {
        var endpoint = new UnixDomainSocketEndPoint(path);
        if (File.Exists(path))
        {
            if (OpensAsFile(path)) throw new IOException($"'{path}' exists and is not a socket.");

            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(endpoint);
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                File.Delete(path);
            }
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    // open() refuses a socket (ENXIO); a file it opens, or may not open, is someone's data and never replaced.
    private static bool OpensAsFile(string path)
    {
        try
        {
            File.OpenHandle(path, FileMode.Open, FileAccess.Read).Dispose();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
