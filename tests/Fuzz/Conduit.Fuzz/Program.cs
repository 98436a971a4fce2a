using Conduit.Fuzz;
using Conduit.Fuzz.Targets;
using SharpFuzz;

// Conduit.Fuzz TARGET                 under afl-fuzz: SharpFuzz's fork server, one input per run from stdin
// Conduit.Fuzz TARGET --replay PATH…  runs files (or every file of folders) once each and says what happened
// Conduit.Fuzz --list                 the targets
if (args is ["--list"])
{
    foreach (var (name, create) in FuzzTargets.All)
    {
        var target = create();
        Console.WriteLine($"{name,-14} {target.Description} (allocates at most {target.Bound})");
    }

    return 0;
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var make))
{
    Console.Error.WriteLine($"usage: Conduit.Fuzz TARGET [--replay PATH...] | --list; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

// Decompressed NIfTI goes to this process's own folder and may not take more disk than a fuzzing run can spare.
Environment.SetEnvironmentVariable("CONDUIT_DATASETS_TEMP", Path.Combine(ScratchFiles.Directory, "datasets"));
Environment.SetEnvironmentVariable("CONDUIT_DATASETS_TEMP_LIMIT", NiftiTarget.TemporaryDiskLimit);

if (args is [_, "--replay", .. var paths])
{
    var fuzzTarget = make();
    WarmUp(fuzzTarget);
    var findings = 0;
    foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]))
    {
        try
        {
            var refusal = FuzzRunner.RunOne(fuzzTarget, File.ReadAllBytes(file));
            Console.WriteLine(refusal is null ? $"read     {file}" : $"refused  {file}: {refusal.Message}");
        }
#pragma warning disable CA1031 // A replay reports every finding, whatever it is, and goes on to the next file.
        catch (Exception finding)
#pragma warning restore CA1031
        {
            findings++;
            Console.WriteLine($"FINDING  {file}: {finding}");
        }
    }

    ScratchFiles.Remove();
    return findings == 0 ? 0 : 1;
}

// Instrumented code may run only once SharpFuzz has mapped AFL++'s coverage map, so each fuzzing process makes its
// target inside the fork server.
FuzzTarget? fuzzed = null;
Fuzzer.OutOfProcess.Run(stream =>
{
    if (fuzzed is null)
    {
        fuzzed = make();
        WarmUp(fuzzed);
    }

    FuzzRunner.RunOne(fuzzed, FuzzRunner.ReadInput(stream));
});
return 0;

// Setting up and the first run allocate once (JIT, static tables); the bounds are for what each input costs after
// that, so every process runs the empty input first.
static void WarmUp(FuzzTarget target)
{
    try
    {
        FuzzRunner.RunOne(target, []);
    }
#pragma warning disable CA1031 // Only warming up: what the empty input does is the fuzzer's to report.
    catch (Exception)
#pragma warning restore CA1031
    {
    }
}
