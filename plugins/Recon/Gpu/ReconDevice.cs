namespace Conduit.Plugins.Recon.Gpu;

/// <summary>Where <c>recon.fbp</c> runs.</summary>
public enum ReconDevice
{
    /// <summary>The first CUDA GPU when there is one, otherwise the CPU path.</summary>
    Auto,

    /// <summary>The CPU path: SIMD on all cores.</summary>
    Cpu,

    /// <summary>The first CUDA GPU through ILGPU; an error when there is none.</summary>
    Cuda,

    /// <summary>The GPU code on ILGPU's CPU accelerator: slow, for testing the GPU path without a GPU.</summary>
    IlgpuCpu,
}
