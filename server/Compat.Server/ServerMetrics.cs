using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Compat.Server;

/// <summary>The instruments of the meter <c>Compat.Server</c>.</summary>
internal static class ServerMetrics
{
    public const string MeterName = "Compat.Server";

    private static readonly Meter Meter = new(MeterName);

    public static readonly UpDownCounter<int> ActiveConnections = Meter.CreateUpDownCounter<int>(
        "compat.server.active_connections", "{connection}", "Open connections.");

    public static readonly Counter<long> RejectedConnections = Meter.CreateCounter<long>(
        "compat.server.rejected_connections", "{connection}", "Connections refused because the server was at its connection limit.");

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "compat.server.request.duration", "s", "Time from a complete request head to the end of the response.");

    public static readonly Counter<long> BadRequests = Meter.CreateCounter<long>(
        "compat.server.bad_requests", "{request}", "Requests refused before a handler ran, by reason.");

    public static KeyValuePair<string, object?> Status(int code) => new("http.response.status_code", code);

    public static KeyValuePair<string, object?> Reason(Http.RequestRejectionReason reason) => new("compat.rejection_reason", reason.ToString());
}
