using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>The extensions, in both styles: WebSocket echo, a line protocol over a taken-over connection, early hints.</summary>
public static class ExtensionHandlers
{
    private static readonly KeyValuePair<string, string>[] TextPlain = [new("Content-Type", "text/plain; charset=utf-8")];

    /// <summary>Echoes every WebSocket message, text or binary, whole (fragments are joined); echoes the close too.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response, used only when the request is not a WebSocket handshake.</param>
    /// <returns>Nothing once the socket is accepted.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Echo(Environ environ, AsyncStartResponse startResponse)
    {
        if (environ.WebSocket is not { } extension)
        {
            startResponse("426 Upgrade Required", [.. TextPlain, new("Sec-WebSocket-Version", "13")]);
            yield return "Connect with a WebSocket client.\n"u8.ToArray();
            yield break;
        }

        using var socket = await extension.AcceptAsync(Pick(extension.RequestedSubProtocols));
        await EchoAsync(socket, environ.RequestAborted);
    }

    /// <summary>The same echo as an old-style handler: the socket is used synchronously on its pool thread.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response, used only when the request is not a WebSocket handshake.</param>
    /// <returns>Nothing once the socket is accepted.</returns>
    public static IEnumerable<byte[]> LegacyEcho(Environ environ, StartResponse startResponse)
    {
        if (environ.WebSocket is not { } extension)
        {
            startResponse("426 Upgrade Required", [.. TextPlain, new("Sec-WebSocket-Version", "13")])("Connect with a WebSocket client.\n"u8.ToArray());
            return [];
        }

        using var socket = extension.AcceptAsync(Pick(extension.RequestedSubProtocols)).GetAwaiter().GetResult();
        EchoAsync(socket, environ.RequestAborted).GetAwaiter().GetResult();
        return [];
    }

    /// <summary>The longest command the line protocol reads; a longer line ends the session.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>
    /// A tiny line protocol on a taken-over connection, old style (blocking reads on the pool thread):
    /// <c>PING</c> answers <c>PONG</c>, <c>ECHO text</c> answers text, <c>QUIT</c> answers <c>BYE</c> and closes.
    /// A line longer than <see cref="MaxLineLength"/> is answered <c>ERR line too long</c> and closes: the client
    /// decides how long a line is, so reading it whole would let it fill the server's memory.
    /// </summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response, used only where the host offers no takeover.</param>
    /// <returns>Nothing once the connection is taken over.</returns>
    public static IEnumerable<byte[]> LineProtocol(Environ environ, StartResponse startResponse)
    {
        if (environ.Takeover is not { } takeover)
        {
            startResponse("501 Not Implemented", TextPlain)("This host cannot hand over connections.\n"u8.ToArray());
            return [];
        }

        var connection = takeover.TakeOverAsync().GetAwaiter().GetResult();
        using var reader = new StreamReader(connection.Input.AsStream(), Encoding.ASCII);
        using var writer = new StreamWriter(connection.Output.AsStream(), Encoding.ASCII) { AutoFlush = true, NewLine = "\n" };
        writer.WriteLine("HELLO compat line protocol");
        var line = new StringBuilder(MaxLineLength);
        while (ReadLine(reader, line, out var tooLong) is { } command)
        {
            if (tooLong)
            {
                writer.WriteLine("ERR line too long");
                break;
            }

            var reply = command switch
            {
                "PING" => "PONG",
                "QUIT" => "BYE",
                _ when command.StartsWith("ECHO ", StringComparison.Ordinal) => command[5..],
                _ => $"ERR unknown command '{command}'",
            };
            writer.WriteLine(reply);
            if (reply == "BYE") break;
        }

        return [];
    }

    // One line without its LF (and CR), or null at the end of the input; a line past MaxLineLength is cut short there.
    private static string? ReadLine(StreamReader reader, StringBuilder line, out bool tooLong)
    {
        line.Clear();
        tooLong = false;
        while (true)
        {
            var next = reader.Read();
            if (next < 0) return line.Length > 0 ? line.ToString() : null;
            if (next == '\n') return line.ToString().TrimEnd('\r');
            if (line.Length == MaxLineLength)
            {
                tooLong = true;
                return string.Empty;
            }

            line.Append((char)next);
        }
    }

    /// <summary>A page that first sends a 103 Early Hints naming its stylesheet, then takes a moment to render.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The page.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> HintedPage(Environ environ, AsyncStartResponse startResponse)
    {
        environ.EarlyHints?.Send([new("Link", "</hints/style.css>; rel=preload; as=style")]);
        if (environ.PathInfo == "/style.css")
        {
            startResponse("200 OK", [new("Content-Type", "text/css")]);
            yield return "body { font-family: sans-serif; }\n"u8.ToArray();
            yield break;
        }

        await Task.Delay(50, environ.RequestAborted);
        var page = "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/hints/style.css\"><title>Early hints</title></head><body><p>The 103 came first.</p></body></html>\n"u8.ToArray();
        startResponse("200 OK", [new("Content-Type", "text/html; charset=utf-8"), new("Link", "</hints/style.css>; rel=preload; as=style"), new("Content-Length", page.Length.ToString(CultureInfo.InvariantCulture))]);
        yield return page;
    }

    private static string? Pick(IReadOnlyList<string> offered) => offered.Contains("echo") ? "echo" : null;

    private static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            try
            {
                do
                {
                    result = await socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
            }
            catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
            {
                // The peer left without the close handshake (a closed tab, a killed client): the session is over.
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, cancellationToken);
                return;
            }

            await socket.SendAsync(buffer.WrittenMemory, result.MessageType, true, cancellationToken);
        }
    }
}
