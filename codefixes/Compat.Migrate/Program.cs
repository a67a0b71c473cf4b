using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading.Tasks;
using Compat.Migrate;
using Compat.Migrate.Verify;

// compat migrate ... (MigrateOptions.Usage) and compat verify ... (VerifyOptions.Usage).
if (args.Length > 0 && args[0] == "--version")
{
    Console.WriteLine($"compat {typeof(MigrateOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
    return 0;
}

if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine($"{MigrateOptions.Usage}\n{VerifyOptions.Usage}");
    return args.Length == 0 ? 2 : 0;
}

return args[0] switch
{
    "migrate" => await RunAsync("migrate", args[1..], MigrateOptions.Parse, MigrateOptions.Usage, options => MigrateCommand.RunAsync(options, Console.Out, Console.Error)).ConfigureAwait(false),
    "verify" => await RunAsync("verify", args[1..], VerifyOptions.Parse, VerifyOptions.Usage, options => VerifyCommand.RunAsync(options, Console.Out, Console.Error)).ConfigureAwait(false),
    _ => Unknown(args[0]),
};

// Parses a command's arguments (null is --help) and runs it; a usage error is exit code 2 with the usage.
static async Task<int> RunAsync<TOptions>(string command, string[] arguments, Func<IReadOnlyList<string>, TOptions?> parse, string usage, Func<TOptions, Task<int>> run)
    where TOptions : class
{
    TOptions? options;
    try
    {
        options = parse(arguments);
    }
    catch (UsageException ex)
    {
        Console.Error.WriteLine($"compat {command}: {ex.Message}\n\n{usage}");
        return 2;
    }

    if (options is null)
    {
        Console.WriteLine(usage);
        return 0;
    }

    return await run(options).ConfigureAwait(false);
}

static int Unknown(string command)
{
    Console.Error.WriteLine($"compat: unknown command '{command}'; the commands are 'migrate' and 'verify'.\n\n{MigrateOptions.Usage}\n\n{VerifyOptions.Usage}");
    return 2;
}
