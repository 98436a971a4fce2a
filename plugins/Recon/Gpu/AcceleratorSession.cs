using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Conduit.Plugins.Recon.Gpu;

/// <summary>An ILGPU context with the one accelerator a job asked for; disposing it releases both.</summary>
internal sealed class AcceleratorSession : IDisposable
{
    private readonly Context _context;

    private AcceleratorSession(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
    }

    public Accelerator Accelerator { get; }

    /// <summary>Device memory in bytes (for the CPU accelerator: the machine's, as the GC sees it).</summary>
    public long MemoryBytes => Accelerator.AcceleratorType == AcceleratorType.CPU
        ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
        : Accelerator.MemorySize;

    /// <summary>True when ILGPU finds a CUDA device on this machine.</summary>
    public static bool CudaAvailable()
    {
        using var context = Context.Create(builder => builder.Cuda());
        return context.GetCudaDevices().Count > 0;
    }

    /// <summary>Opens the CUDA GPU or ILGPU's CPU accelerator.</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and there is no CUDA device.</exception>
    public static AcceleratorSession Open(ReconDevice device)
    {
        if (device == ReconDevice.IlgpuCpu)
        {
            var cpuContext = Context.Create(builder => builder.CPU());
            return new AcceleratorSession(cpuContext, cpuContext.CreateCPUAccelerator(0));
        }

        var context = Context.Create(builder => builder.Cuda());
        if (context.GetCudaDevices().Count == 0)
        {
            context.Dispose();
            throw new InvalidOperationException("device 'cuda': ILGPU finds no CUDA device on this machine (is the NVIDIA driver installed?); use 'auto' to fall back to the CPU");
        }

        return new AcceleratorSession(context, context.CreateCudaAccelerator(0));
    }

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
