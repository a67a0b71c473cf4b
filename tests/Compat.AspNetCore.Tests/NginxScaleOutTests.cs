using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace Compat.AspNetCore.Tests;

/// <summary>
/// The README's scale-out setup, for real: two instances of the ASP.NET Core sample behind nginx (installed by
/// scripts/install-test-deps.sh) terminating TLS on loopback, configured from samples/nginx/compat.conf.template.
/// </summary>
public sealed class NginxScaleOutTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-nginx-").FullName;
    private readonly List<Process> _processes = [];

    [Fact]
    public async Task TwoInstancesBehindNginx_BothServe_WithTheForwardedPrefixClientAddressAndScheme()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed; scripts/install-test-deps.sh installs it from the distribution's packages.");
        await RunAsync("openssl", $"req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout {_directory}/key.pem -out {_directory}/cert.pem");
        var (portA, portB, portProxy) = (FreePort(), FreePort(), FreePort());
        var sample = Path.Combine(AppContext.BaseDirectory, "Compat.Samples.AspNetCore.dll");
        Start("dotnet", $"\"{sample}\" --urls http://127.0.0.1:{portA} --Instance=a");
        Start("dotnet", $"\"{sample}\" --urls http://127.0.0.1:{portB} --Instance=b");
        var site = File.ReadAllText(Path.Combine(Compat.Conformance.RepositoryPaths.Root, "samples", "nginx", "compat.conf.template"))
            .Replace("${BACKEND_1}", $"127.0.0.1:{portA}", StringComparison.Ordinal)
            .Replace("${BACKEND_2}", $"127.0.0.1:{portB}", StringComparison.Ordinal)
            .Replace("${LISTEN}", $"127.0.0.2:{portProxy}", StringComparison.Ordinal)
            .Replace("${CERTIFICATE}", $"{_directory}/cert.pem", StringComparison.Ordinal)
            .Replace("${CERTIFICATE_KEY}", $"{_directory}/key.pem", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_directory}}/body;
                proxy_temp_path {{_directory}}/proxy;
                fastcgi_temp_path {{_directory}}/fastcgi;
                uwsgi_temp_path {{_directory}}/uwsgi;
                scgi_temp_path {{_directory}}/scgi;
                {{site}}
            }
            """);
        await WaitForPortAsync(IPAddress.Loopback, portA);
        await WaitForPortAsync(IPAddress.Loopback, portB);
        Start(nginx, $"-p {_directory} -c {_directory}/nginx.conf -e {_directory}/error.log");
        await WaitForPortAsync(IPAddress.Parse("127.0.0.2"), portProxy);

        // The client connects from 127.0.0.3, so REMOTE_ADDR can only be right if it came from X-Forwarded-For.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var instances = new HashSet<string>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.GetAsync($"https://127.0.0.2:{portProxy}/app/environ/x?y={i}");
            var environ = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, environ);
            instances.Add(response.Headers.GetValues("X-Compat-Instance").Single());
            Assert.Contains("SCRIPT_NAME=/app/environ\n", environ, StringComparison.Ordinal);
            Assert.Contains("PATH_INFO=/x\n", environ, StringComparison.Ordinal);
            Assert.Contains($"QUERY_STRING=y={i}\n", environ, StringComparison.Ordinal);
            Assert.Contains("REMOTE_ADDR=127.0.0.3\n", environ, StringComparison.Ordinal);
            Assert.Contains("gateway.url_scheme=https\n", environ, StringComparison.Ordinal);
        }

        Assert.Equal(["a", "b"], instances.Order(StringComparer.Ordinal));
        var legacy = await client.GetStringAsync($"https://127.0.0.2:{portProxy}/app/legacy");
        Assert.StartsWith("line 1: hello from /app/legacy\n", legacy, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private void Start(string file, string arguments)
    {
        var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed: {await errors}");
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task WaitForPortAsync(IPAddress address, int port)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(address, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && _processes.All(p => !p.HasExited))
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var log = Path.Combine(_directory, "error.log");
                throw new InvalidOperationException($"nothing listens on {address}:{port}; nginx log: {(File.Exists(log) ? File.ReadAllText(log) : "(none)")}");
            }
        }
    }
}
