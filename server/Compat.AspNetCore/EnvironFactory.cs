using System;
using System.IO;
using System.Text;
using Compat.Gateway;
using Compat.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Compat.AspNetCore;

/// <summary>Builds an <see cref="Environ"/> from an HttpContext, key by key as docs/gateway.md defines them.</summary>
internal static class EnvironFactory
{
    public static Environ Create(HttpContext context, string mount, TextWriter errors, out bool pathValid)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = Encoding.Latin1.GetBytes(query < 0 ? rawTarget : rawTarget[..query]);

        // PATH_INFO comes from the raw target, decoded by the same rules as the bundled server (Kestrel leaves %2F
        // encoded in Request.Path); SCRIPT_NAME is PathBase plus the mount, as the client spelled them.
        var pathBase = request.PathBase.Value ?? string.Empty;
        var path = request.Path.Value ?? string.Empty;
        var scriptLength = pathBase.Length + mount.Length;
        pathValid = PathDecoder.TryDecode(rawPath, out var fullPath);
        string scriptName, pathInfo;
        if (pathValid && fullPath!.Length >= scriptLength)
        {
            scriptName = fullPath[..scriptLength];
            pathInfo = fullPath[scriptLength..];
        }
        else
        {
            scriptName = pathBase + mount;
            pathInfo = path[Math.Min(mount.Length, path.Length)..];
        }

        var reader = request.BodyReader;
        var environ = new Environ
        {
            RequestMethod = request.Method,
            ScriptName = scriptName,
            PathInfo = pathInfo,
            QueryString = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty,
            ServerName = request.Host.Host,
            ServerPort = request.Host.Port ?? (request.IsHttps ? 443 : 80),
            ServerProtocol = request.Protocol,
            RemoteAddr = context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            RemotePort = context.Connection.RemotePort,
            UrlScheme = request.Scheme,
            Errors = errors,
            RequestAborted = context.RequestAborted,
            RawPath = rawPath,
            BodyReader = reader,

            // Blocking reads through the PipeReader, on a pool thread: Kestrel's AllowSynchronousIO stays off.
            Input = reader.AsStream(leaveOpen: true),
            WebSocket = context.WebSockets.IsWebSocketRequest ? new AspNetCoreWebSocketExtension(context) : null,
            Takeover = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade && !context.WebSockets.IsWebSocketRequest
                ? new AspNetCoreTakeoverExtension(upgrade)
                : null,
        };
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                environ.AddRequestHeader(header.Key, value ?? string.Empty);
            }
        }

        return environ;
    }
}
