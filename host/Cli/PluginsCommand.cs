using System.CommandLine;
using Conduit.Engine.Stages;
using Conduit.Host.Hosting;
using Conduit.Host.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Conduit.Host.Cli;

/// <summary><c>conduit plugins</c>: loaded plugins, their stage types and options, and plugins that failed to load.</summary>
internal static class PluginsCommand
{
    public static Command Create(Func<ParseResult, CliEnvironment> environment)
    {
        var command = new Command("plugins", "List loaded plugins, their stage types with options, and plugins that failed to load.");
        command.SetAction(parse =>
        {
            var env = environment(parse);
            using var host = ConduitHostFactory.Build(env.Settings);
            if (!LoadedPlugins.Check(host, env))
            {
                return ExitCodes.Invalid;
            }

            var catalog = host.Services.GetRequiredService<StageCatalog>();
            var console = env.Console;

            var plugins = new Table().AddColumns("Plugin", "Version", "Built against Conduit.Abstractions");
            foreach (var plugin in catalog.Plugins)
            {
                plugins.AddRow(Markup.Escape(plugin.Name), Markup.Escape(plugin.Version), Markup.Escape(plugin.AbstractionsVersion));
            }

            console.Write(plugins);

            // Locations are printed whole, one per line, outside the table: a table cuts or breaks long paths to fit
            // the terminal, and where a plugin came from is what people look for.
            foreach (var plugin in catalog.Plugins)
            {
                env.Output.WriteLine($"{plugin.Name}: {plugin.Location ?? "(built in)"}");
            }
            foreach (var type in catalog.StageTypes)
            {
                var shape = type.Shape switch
                {
                    StageShape.Source => $"source -> {type.OutputType!.Name}",
                    StageShape.Transform => $"{type.InputType!.Name} -> {type.OutputType!.Name}",
                    _ => $"{type.InputType!.Name} -> sink",
                };
                console.WriteLine();
                console.MarkupLine($"[bold]{Markup.Escape(type.Name)}[/] ({Markup.Escape(shape)}, plugin {Markup.Escape(type.PluginName)}{(type.EstimatorType is null ? string.Empty : ", memory estimator")})");
                console.WriteLine($"  {type.Description}");
                var options = new Table().AddColumns("Option", "Type", "Default", "Description");
                foreach (var option in StageOptionsDescriber.Describe(type))
                {
                    options.AddRow(Markup.Escape(option.Name), Markup.Escape(option.Type), Markup.Escape(option.Default ?? "(required)"), Markup.Escape(option.Description));
                }

                console.Write(options);
            }

            var failures = host.Services.GetRequiredService<PluginLoadReport>().Failures;
            foreach (var failure in failures)
            {
                env.Error.WriteLine($"plugin {failure.Name} failed to load ({failure.Path}): {failure.Reason}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
