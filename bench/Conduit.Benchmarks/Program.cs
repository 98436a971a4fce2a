using BenchmarkDotNet.Running;
using Conduit.Benchmarks.Fcs;

// `fcs-read FILE` times whole-file reads for the peer comparison script; anything else goes to BenchmarkDotNet.
if (args is ["fcs-read", var path, ..])
{
    return await FcsReadThroughput.RunAsync(path, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
