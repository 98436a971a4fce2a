using System.Globalization;
using System.CommandLine;
using Conduit.Abstractions.Errors;
using Conduit.Abstractions.Plotting;
using Conduit.Engine.Jobs;
using Conduit.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Conduit.Host.Cli;

/// <summary><c>conduit plot FILE [--out F] [--kind K] [--from T --to T | --slice N | --x CH --y CH] [--level L --window W]</c>: a picture of
/// any file a plugin can draw.</summary>
internal static class PlotCommand
{
    public static Command Create(Func<ParseResult, CliEnvironment> environment)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to draw." };
        var output = new Option<FileInfo?>("--out") { Description = "The picture to write (.png or .svg); default: FILE.KIND.png in the current folder." };
        var kind = new Option<string?>("--kind") { Description = "Which plot (the plotter's first kind by default)." };
        var from = new Option<double?>("--from") { Description = "Start of the time window, seconds." };
        var to = new Option<double?>("--to") { Description = "End of the time window, seconds." };
        var slice = new Option<int?>("--slice") { Description = "Slice index, from 0." };
        var volume = new Option<int?>("--volume") { Description = "Volume index of a 4D image, from 0." };
        var x = new Option<string?>("--x") { Description = "Channel on the x axis." };
        var y = new Option<string?>("--y") { Description = "Channel on the y axis." };
        var scale = new Option<string>("--scale") { Description = "Axis scale: linear, log or arcsinh.", DefaultValueFactory = _ => "linear" };
        var reference = new Option<FileInfo?>("--reference") { Description = "A second file of the same format and size: draw the file, the reference and their difference (for a DICOS threat report: the image to draw it over)." };
        var level = new Option<double?>("--level") { Description = "Window level: the value drawn mid-grey (with --window)." };
        var window = new Option<double?>("--window") { Description = "Window width: the range of values from black to white (with --level)." };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => 1200 };
        var height = new Option<int>("--height") { Description = "Height in pixels (default: an image's own proportions, 800 for a chart)." };
        var command = new Command("plot", "Draw a file with the plugin that recognises it (PNG, or SVG when --out ends in .svg).")
        {
            file, output, kind, from, to, slice, volume, x, y, scale, reference, level, window, width, height,
        };
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
                env.Error.WriteLine($"{path} is empty (0 bytes): there is nothing to plot");
                return ExitCodes.Failed;
            }

            using var host = ConduitHostFactory.Build(env.Settings);
            if (!LoadedPlugins.Check(host, env))
            {
                return ExitCodes.Invalid;
            }

            var plotters = host.Services.GetServices<IFilePlotter>().ToList();
            var plotter = await FileRecognition.BestAsync(path, plotters, (p, header, name) => p.Match(header.Span, name), cancellationToken);
            if (plotter is null)
            {
                env.Error.WriteLine($"{Path.GetFileName(path)}: no loaded plugin can draw this file (formats: {string.Join(", ", plotters.Select(p => p.Format))})");
                return ExitCodes.Invalid;
            }

            var referencePath = parse.GetValue(reference)?.FullName;
            if (referencePath is not null && !File.Exists(referencePath))
            {
                env.Error.WriteLine($"--reference {referencePath}: no such file");
                return ExitCodes.Invalid;
            }

            var (windowLevel, windowWidth) = (parse.GetValue(level), parse.GetValue(window));
            if (windowLevel.HasValue != windowWidth.HasValue || windowWidth <= 0)
            {
                env.Error.WriteLine("--level and --window go together, and the window width must be above 0");
                return ExitCodes.Invalid;
            }

            // A comparison is the plotter's "compare" kind; a plotter without one cannot compare.
            var chosenKind = parse.GetValue(kind) ?? (referencePath is null ? plotter.Kinds[0] : "compare");
            if (!plotter.Kinds.Contains(chosenKind, StringComparer.OrdinalIgnoreCase))
            {
                env.Error.WriteLine($"--kind {chosenKind}: a {plotter.Format} plot is one of {string.Join(", ", plotter.Kinds)}");
                return ExitCodes.Invalid;
            }

            // The default name carries every option that changes the picture, so two plots of one file never overwrite
            // each other: recon.nii.compare.slice-2.png.
            var parts = new List<string> { Path.GetFileName(path), chosenKind };
            void Part(string name, object? value)
            {
                if (value is not null)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}-{value}"));
                }
            }

            Part("slice", parse.GetValue(slice));
            Part("volume", parse.GetValue(volume));
            Part("from", parse.GetValue(from));
            Part("to", parse.GetValue(to));
            Part("x", parse.GetValue(x));
            Part("y", parse.GetValue(y));
            Part("scale", parse.GetResult(scale) is { Implicit: false } ? parse.GetValue(scale) : null);
            Part("level", windowLevel);
            Part("window", windowWidth);
            var target = parse.GetValue(output)?.FullName ?? Path.GetFullPath(string.Join('.', parts) + ".png");
            var request = new PlotRequest
            {
                Kind = chosenKind,
                From = parse.GetValue(from),
                To = parse.GetValue(to),
                Slice = parse.GetValue(slice),
                Volume = parse.GetValue(volume),
                X = parse.GetValue(x),
                Y = parse.GetValue(y),
                Scale = parse.GetValue(scale)!,
                Reference = referencePath,
                WindowLevel = windowLevel,
                WindowWidth = windowWidth,
                Width = parse.GetValue(width),
                Height = parse.GetValue(height),
                Format = target.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? PlotImageFormat.Svg : PlotImageFormat.Png,
            };

            // Written under a temporary name and renamed, so a failed plot leaves no picture that looks whole.
            var partial = target + ".partial";
            try
            {
                await using (var stream = File.Create(partial))
                {
                    await plotter.PlotAsync(path, request, stream, cancellationToken);
                }

                File.Move(partial, target, overwrite: true);
            }
            catch (ArgumentException e)
            {
                env.Error.WriteLine($"{Path.GetFileName(path)}: {e.Message}");
                return ExitCodes.Invalid;
            }
            catch (ConduitDataException e)
            {
                env.Error.WriteLine(e.Message);
                return ExitCodes.Failed;
            }
            finally
            {
                File.Delete(partial);
            }

            env.Output.WriteLine($"wrote {target}");
            return ExitCodes.Success;
        });
        return command;
    }
}
