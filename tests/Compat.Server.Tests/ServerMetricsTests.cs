using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Server.Tests;

public sealed class ServerMetricsTests
{
    [Fact]
    public async Task TheServer_PublishesConnectionsRequestDurationAndBadRequests()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Compat.Server") l.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            measurements.Enqueue((instrument.Name, value, text));
        }

        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await using (var server = await TestServer.StartAsync(Handlers.Hello))
        {
            using var good = await RawConnection.OpenAsync(server.Endpoint);
            await good.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            await good.ReadToCloseAsync();
            using var bad = await RawConnection.OpenAsync(server.Endpoint);
            await bad.SendAsync("GET / HTTP/1.1\r\n\r\n");
            await bad.ReadToCloseAsync();

            // A WebSocket refusal is counted with the parser's reasons, though its connection may stay open.
            using var socket = await RawConnection.OpenAsync(server.Endpoint);
            await socket.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 426 ", await socket.ReadToCloseAsync(), StringComparison.Ordinal);
        }

        Assert.Contains(measurements, m => m.Instrument == "compat.server.request.duration" && m.Tags.Contains("http.response.status_code=200", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m.Instrument == "compat.server.bad_requests" && m.Tags.Contains("compat.rejection_reason=InvalidHost", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m.Instrument == "compat.server.bad_requests" && m.Tags.Contains("compat.rejection_reason=UnsupportedWebSocketVersion", StringComparison.Ordinal));
        Assert.Contains(measurements, m => m.Instrument == "compat.server.active_connections" && m.Value == 1);
        Assert.Contains(measurements, m => m.Instrument == "compat.server.active_connections" && m.Value == -1);
    }
}
