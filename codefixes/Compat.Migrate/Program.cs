using System;
using System.Reflection;
using Compat.Migrate;

// compat migrate [PATH] [--rule ID] [--dry-run] [--no-restore]: see MigrateOptions.Usage.
if (args.Length > 0 && args[0] == "--version")
{
    Console.WriteLine($"compat {typeof(MigrateOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}");
    return 0;
}

if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine(MigrateOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] != "migrate")
{
    Console.Error.WriteLine($"compat: unknown command '{args[0]}'; the command is 'migrate'.\n\n{MigrateOptions.Usage}");
    return 2;
}

MigrateOptions? options;
try
{
    options = MigrateOptions.Parse(args[1..]);
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"compat migrate: {ex.Message}\n\n{MigrateOptions.Usage}");
    return 2;
}

if (options is null)
{
    Console.WriteLine(MigrateOptions.Usage);
    return 0;
}

return await MigrateCommand.RunAsync(options, Console.Out, Console.Error).ConfigureAwait(false);
