using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Inspection;
using Conduit.Engine.Jobs;
using Conduit.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Conduit.Host.Cli;

/// <summary><c>conduit inspect FILE [--json]</c>: a summary of any file a plugin recognises.</summary>
internal static class InspectCommand
{
    public static Command Create(Func<ParseResult, CliEnvironment> environment)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to summarise." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command("inspect", "Summarise a file with the plugin that recognises it (by magic bytes, then extension).") { file, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var env = environment(parse);
            var path = parse.GetValue(file)!.FullName;
            if (InputFiles.Problem(path) is { } problem)
            {
                env.Error.WriteLine(problem);
                return ExitCodes.Invalid;
            }

            if (new FileInfo(path).Length == 0)
            {
                env.Error.WriteLine($"{path} is empty (0 bytes): there is nothing to inspect");
                return ExitCodes.Failed;
            }

            using var host = ConduitHostFactory.Build(env.Settings);
            if (!LoadedPlugins.Check(host, env))
            {
                return ExitCodes.Invalid;
            }

            var inspectors = host.Services.GetServices<IFileInspector>().ToList();
            var inspector = await FileRecognition.BestAsync(path, inspectors, (i, header, name) => i.Match(header.Span, name), cancellationToken);
            if (inspector is null)
            {
                env.Error.WriteLine($"{Path.GetFileName(path)}: no loaded plugin recognises this file (formats: {string.Join(", ", inspectors.Select(i => i.Format))})");
                return ExitCodes.Invalid;
            }

            InspectionReport report;
            try
            {
                report = await inspector.InspectAsync(path, cancellationToken);
            }
            catch (ConduitDataException e)
            {
                env.Error.WriteLine(e.Message);
                return ExitCodes.Failed;
            }

            if (parse.GetValue(json))
            {
                env.Output.WriteLine(ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Render(env.Console, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The report as one JSON object: format, path, each field by name, units, and tables as arrays of rows.</summary>
    public static JsonObject ToJson(InspectionReport report)
    {
        var result = new JsonObject { ["format"] = report.Format, ["path"] = report.Path };
        var units = new JsonObject();
        foreach (var field in report.Fields)
        {
            result[field.Name] = JsonValueOf(field.Value);
            if (field.Unit is not null)
            {
                units[field.Name] = field.Unit;
            }
        }

        if (units.Count > 0)
        {
            result["units"] = units;
        }

        foreach (var table in report.Tables)
        {
            var rows = new JsonArray();
            foreach (var row in table.Rows)
            {
                var item = new JsonObject();
                for (var i = 0; i < table.Columns.Count && i < row.Count; i++)
                {
                    item[table.Columns[i]] = JsonValueOf(row[i]);
                }

                rows.Add(item);
            }

            result[table.Name] = rows;
        }

        return result;
    }

    private static JsonNode? JsonValueOf(object? value) => value switch
    {
        null => null,
        double d when !double.IsFinite(d) => d.ToString(CultureInfo.InvariantCulture),
        float f when !float.IsFinite(f) => f.ToString(CultureInfo.InvariantCulture),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), ValueOptions),
    };

    // NaN and infinities in arrays (a header's pixdim, an affine) become "NaN" and "Infinity", as scalars do: JSON has no
    // number for them.
    private static readonly JsonSerializerOptions ValueOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>A value as a table shows it: numbers invariant, arrays as their elements separated by spaces, arrays of
    /// arrays as bracketed rows (an affine: <c>[1 0 0 -90] [0 1 0 -126] …</c>).</summary>
    internal static string Display(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        System.Collections.IEnumerable items => string.Join(' ', items.Cast<object?>().Select(i =>
            i is System.Collections.IEnumerable and not string ? $"[{Display(i)}]" : Display(i))),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static void Render(IAnsiConsole console, InspectionReport report)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Format)}[/]: {Markup.Escape(report.Path)}");
        var fields = new Table().AddColumns("Field", "Value");
        foreach (var field in report.Fields)
        {
            var value = Display(field.Value);
            fields.AddRow(Markup.Escape(field.Name), Markup.Escape(field.Unit is null ? value : $"{value} {field.Unit}"));
        }

        console.Write(fields);
        foreach (var table in report.Tables)
        {
            var rendered = new Table().Title(Markup.Escape(table.Name)).AddColumns([.. table.Columns.Select(Markup.Escape)]);
            foreach (var row in table.Rows)
            {
                rendered.AddRow([.. row.Select(v => Markup.Escape(Display(v)))]);
            }

            console.Write(rendered);
        }
    }
}
