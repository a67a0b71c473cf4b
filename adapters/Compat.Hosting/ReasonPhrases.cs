namespace Compat.Hosting;

/// <summary>The reason phrases of the statuses hosts produce themselves.</summary>
public static class ReasonPhrases
{
    /// <summary>The status line text for a code, such as <c>"413 Content Too Large"</c>.</summary>
    /// <param name="statusCode">The code.</param>
    /// <returns>Code and phrase.</returns>
    public static string StatusLine(int statusCode) => statusCode switch
    {
        400 => "400 Bad Request",
        404 => "404 Not Found",
        408 => "408 Request Timeout",
        413 => "413 Content Too Large",
        414 => "414 URI Too Long",
        417 => "417 Expectation Failed",
        426 => "426 Upgrade Required",
        431 => "431 Request Header Fields Too Large",
        500 => "500 Internal Server Error",
        501 => "501 Not Implemented",
        503 => "503 Service Unavailable",
        505 => "505 HTTP Version Not Supported",
        _ => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
