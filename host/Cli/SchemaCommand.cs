using System.CommandLine;
using Conduit.Engine.Jobs;
using Conduit.Engine.Outputs;
using Conduit.Engine.Stages;
using Conduit.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Cli;

/// <summary><c>conduit schema [--out FILE]</c>: the job JSON Schema for the loaded plugins.</summary>
internal static class SchemaCommand
{
    public static Command Create(Func<ParseResult, CliEnvironment> environment)
    {
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the schema to this file (atomically) instead of standard output." };
        var command = new Command("schema", "Write the JSON Schema of job files, generated from the loaded stage types' options.") { output };
        command.SetAction(parse =>
        {
            var env = environment(parse);
            using var host = ConduitHostFactory.Build(env.Settings);
            if (!LoadedPlugins.Check(host, env))
            {
                return ExitCodes.Invalid;
            }

            var text = JobSchemaGenerator.GenerateText(host.Services.GetRequiredService<StageCatalog>());
            if (parse.GetValue(output) is not { } file)
            {
                env.Output.Write(text);
                return ExitCodes.Success;
            }

            var target = new AtomicOutputFile(file.FullName);
            try
            {
                using (var writer = new StreamWriter(target.Stream, leaveOpen: true))
                {
                    writer.Write(text);
                }

                target.CompleteAsync().AsTask().GetAwaiter().GetResult();
                target.Commit();
            }
            finally
            {
                target.Discard();
            }

            env.Output.WriteLine($"wrote {file.FullName}");
            return ExitCodes.Success;
        });
        return command;
    }
}
