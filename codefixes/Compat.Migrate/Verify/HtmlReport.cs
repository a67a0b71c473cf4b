using System.Linq;
using System.Net;
using System.Text;

namespace Compat.Migrate.Verify;

/// <summary>
/// The report as one self-contained web page: a summary table, then a table per handler with each difference's two
/// sides next to each other. No external resources, so it opens from a CI artifact or an e-mail attachment.
/// </summary>
internal static class HtmlReport
{
    public static string Render(VerificationReport report)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>compat verify</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
            table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }
            th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            td.side { font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; width: 40%; }
            .identical { color: #17692b; } .different { color: #b00020; font-weight: bold; } .partial { color: #8a5a00; }
            tr.difference td.side.before { background: #fdecea; } tr.difference td.side.after { background: #e9f7ec; }
            body.only-differences section.handler:not(.has-differences) { display: none; }
            </style>
            </head>
            <body>
            <h1>compat verify</h1>
            """);
        html.Append($"<p>Before: <code>{E(report.Before)}</code><br>After: <code>{E(report.After)}</code><br>Requests: <code>{E(report.Requests)}</code><br>");
        html.Append($"Headers not compared: Date{string.Concat(report.IgnoredHeaders.Select(h => ", " + E(h)))}</p>\n");
        html.Append("<p><label><input type=\"checkbox\" id=\"only-differences\"> Show only handlers with differences</label></p>\n");
        html.Append("<table id=\"summary\"><thead><tr><th>handler</th><th>verdict</th><th>replayed</th><th>identical</th><th>different</th><th>not verifiable</th></tr></thead><tbody>\n");
        foreach (var handler in report.Handlers)
        {
            html.Append($"<tr><td><a href=\"#{Id(handler.Name)}\">{E(handler.Name)}</a></td><td class=\"{Class(handler)}\">{handler.Verdict}</td>");
            html.Append($"<td>{handler.Replayed}</td><td>{handler.Identical}</td><td>{handler.Different.Count}</td><td>{handler.NotVerifiable.Count}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
        foreach (var handler in report.Handlers)
        {
            html.Append($"<section class=\"handler{(handler.Different.Count > 0 ? " has-differences" : string.Empty)}\" id=\"{Id(handler.Name)}\">\n");
            html.Append($"<h2>{E(handler.Name)} <span class=\"{Class(handler)}\">{handler.Verdict}</span></h2>\n");
            if (handler.Different.Count > 0)
            {
                html.Append("<table class=\"differences\"><thead><tr><th>request</th><th>first difference</th><th>before</th><th>after</th></tr></thead><tbody>\n");
                foreach (var (location, request, difference) in handler.Different)
                {
                    html.Append($"<tr class=\"difference\"><td>{E(request)}<br><small>{E(location)}</small></td><td>{E(difference.What)}</td>");
                    html.Append($"<td class=\"side before\">{E(difference.Before)}{(difference.BeforeHex is null ? string.Empty : "\n" + E(difference.BeforeHex))}</td>");
                    html.Append($"<td class=\"side after\">{E(difference.After)}{(difference.AfterHex is null ? string.Empty : "\n" + E(difference.AfterHex))}</td></tr>\n");
                }

                html.Append("</tbody></table>\n");
            }

            if (handler.NotVerifiable.Count > 0)
            {
                html.Append("<table class=\"not-verifiable\"><thead><tr><th>request</th><th>why it was not verified</th></tr></thead><tbody>\n");
                foreach (var (location, request, reason) in handler.NotVerifiable)
                {
                    html.Append($"<tr><td>{E(request)}<br><small>{E(location)}</small></td><td>{E(reason)}</td></tr>\n");
                }

                html.Append("</tbody></table>\n");
            }

            if (handler.Different.Count == 0 && handler.NotVerifiable.Count == 0)
            {
                html.Append($"<p class=\"identical\">All {handler.Replayed} requests answered the same.</p>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<h2>Not exercised by the recording</h2>\n");
        html.Append(report.Unexercised.Count == 0 ? "<p>None.</p>\n" : $"<ul id=\"unexercised\">{string.Concat(report.Unexercised.Select(n => $"<li>{E(n)}</li>"))}</ul>\n");
        html.Append("""
            <script>
            const box = document.getElementById('only-differences');
            box.addEventListener('change', () => document.body.classList.toggle('only-differences', box.checked));
            document.body.dataset.handlers = document.querySelectorAll('section.handler').length;
            document.body.dataset.differences = document.querySelectorAll('tr.difference').length;
            </script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>Writes the page beside its final name, then renames it over, so a reader never sees half of it.</summary>
    public static void Write(VerificationReport report, string path) => AtomicFile.Replace(path, Microsoft.CodeAnalysis.Text.SourceText.From(Render(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Id(string name) => "h-" + string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static string Class(HandlerVerification handler) => handler.Verdict == "not fully verified" ? "partial" : handler.Verdict;
}
