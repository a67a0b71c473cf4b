using System;
using System.Text;
using Compat.Adapters;
using Compat.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compat.AspNetCore;

/// <summary>Registers what <see cref="CompatEndpointRouteBuilderExtensions"/> needs.</summary>
public static class CompatServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Compat host: <see cref="CompatOptions"/> bound from the <c>Compat</c> configuration section, one
    /// <see cref="BoundedPool"/> (a singleton the container disposes with the host, draining running handlers), and
    /// the shared request runner. It also makes Kestrel carry header text as octets (ISO-8859-1) both ways, as the
    /// gateway contract requires, where Kestrel would otherwise refuse non-ASCII header values.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCompat(this IServiceCollection services) => services.AddCompat(_ => { });

    /// <summary>
    /// Adds the Compat host as <see cref="AddCompat(IServiceCollection)"/> does, then applies <paramref name="configure"/>
    /// over the <c>Compat</c> configuration section. The options are validated when the host starts: a bad value
    /// stops it with an <see cref="OptionsValidationException"/> naming the configuration key.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets options in code; applied after the configuration section.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCompat(this IServiceCollection services, Action<CompatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CompatOptions>().BindConfiguration(CompatOptions.SectionName).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CompatOptions>, CompatOptionsValidator>());
        services.AddSingleton(provider => new BoundedPool(provider.GetRequiredService<IOptions<CompatOptions>>().Value.ToPoolOptions()));
        services.AddSingleton(provider => new CompatRecording(
            provider.GetRequiredService<IOptions<CompatOptions>>().Value.ToRecordingOptions(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Compat.AspNetCore.Recording")));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CompatOptions>>().Value;
            var server = options.ServerHeader;
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Compat.AspNetCore");
            return new RequestRunner(new RequestRunnerOptions
            {
                ServerHeader = string.IsNullOrEmpty(server) ? null : server,
                ContinueOnPoolThread = options.ContinueOnPoolThread,
                Recorder = provider.GetRequiredService<CompatRecording>().Recorder,

                // The exception goes to the logger as an object, for log shippers; expected outcomes are warnings.
                Log = (environ, level, message, error) =>
                {
                    if (level == RequestLogLevel.Expected) Log.RequestWarning(logger, environ.RequestMethod, environ.ScriptName + environ.PathInfo, message);
                    else Log.RequestFailure(logger, error, environ.RequestMethod, environ.ScriptName + environ.PathInfo, message);
                },
            });
        });
        // Kestrel's default selectors refuse non-ASCII header values; an app that wants another policy can
        // still configure KestrelServerOptions after AddCompat.
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
        });
        return services;
    }
}
