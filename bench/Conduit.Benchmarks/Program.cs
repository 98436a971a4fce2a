using BenchmarkDotNet.Running;
using Conduit.Benchmarks.Datasets;
using Conduit.Benchmarks.Fcs;
using Conduit.Benchmarks.Pulseq;

// `fcs-read FILE`, `pulseq-unroll FILE`, `nifti-volumes FILE` and `recon-fbp SIZE ANGLES DIR` and `dicos-ct DIR` time whole-file reads for the peer comparison script; anything else goes to BenchmarkDotNet.
if (args is ["fcs-read", var path, ..])
{
    return await FcsReadThroughput.RunAsync(path, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

if (args is ["pulseq-unroll", var seq, ..])
{
    var culture = System.Globalization.CultureInfo.InvariantCulture;
    return await PulseqUnrollThroughput.RunAsync(seq, args.Length > 2 ? int.Parse(args[2], culture) : 1, args.Length > 3 ? int.Parse(args[3], culture) : 65536, args.Length > 4 ? int.Parse(args[4], culture) : Environment.ProcessorCount);
}

if (args is ["nifti-make", var image, var nx, var ny, var nz, var nt])
{
    var culture = System.Globalization.CultureInfo.InvariantCulture;
    return await NiftiVolumeThroughput.MakeAsync(image, int.Parse(nx, culture), int.Parse(ny, culture), int.Parse(nz, culture), int.Parse(nt, culture));
}

if (args is ["recon-fbp", var reconSize, var reconAngles, var reconDir, ..])
{
    var culture = System.Globalization.CultureInfo.InvariantCulture;
    return Conduit.Benchmarks.Recon.FbpComparison.Run(int.Parse(reconSize, culture), int.Parse(reconAngles, culture), reconDir, args.Length > 4 ? int.Parse(args[4], culture) : 3);
}

if (args is ["dicos-ct", var dicosDir, ..])
{
    var culture = System.Globalization.CultureInfo.InvariantCulture;
    return await Conduit.Benchmarks.Dicos.CtComparison.RunAsync(dicosDir, args.Length > 2 ? int.Parse(args[2], culture) : 400, args.Length > 3 ? int.Parse(args[3], culture) : 3);
}

if (args is ["dicos-make", var makeDir, var makeFrames])
{
    return await Conduit.Benchmarks.Dicos.CtComparison.MakeAsync(makeDir, int.Parse(makeFrames, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["dicos-sum", var sumPath])
{
    return Conduit.Benchmarks.Dicos.CtComparison.Sum(sumPath);
}

if (args is ["nifti-volumes", var nifti])
{
    return NiftiVolumeThroughput.Run(nifti);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
