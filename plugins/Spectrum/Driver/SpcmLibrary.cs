using System.Reflection;
using System.Runtime.InteropServices;

namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>
/// Chooses which native library "spcm" is: <c>simulator</c> (the <c>libspcm_sim.so</c> shipped beside this plugin) or
/// Spectrum's <c>libspcm_linux.so</c> (the default, found the usual way, or at the path the host's environment
/// variable CONDUIT_SPECTRUM_LIBRARY gives). Nothing else: job files are data, and a path in one would let whoever
/// wrote it run native code (docs/trust-model.md). The choice is made once per process, by the first card opened; a
/// later, different choice is an error rather than a silent mix.
/// </summary>
internal static class SpcmLibrary
{
    /// <summary>The name that selects the simulator.</summary>
    public const string Simulator = "simulator";

    /// <summary>Spectrum's library on Linux.</summary>
    public const string Spectrum = "libspcm_linux.so";

    /// <summary>The environment variable in which the host's operator may give where Spectrum's library is.</summary>
    public const string LocationVariable = "CONDUIT_SPECTRUM_LIBRARY";

    private static readonly Lock Gate = new();
    private static string? _chosen;
    private static nint _handle;

    /// <summary>Makes <paramref name="driver"/> the library behind <see cref="SpcmNative"/>.</summary>
    /// <exception cref="InvalidOperationException">Another library was chosen before, or this one does not load.</exception>
    public static void Use(string driver)
    {
        var path = Resolve(driver);
        lock (Gate)
        {
            if (_chosen is not null)
            {
                if (_chosen != path)
                {
                    throw new InvalidOperationException($"the Spectrum driver library is already {_chosen} in this process; '{driver}' cannot be loaded beside it");
                }

                return;
            }

            if (!NativeLibrary.TryLoad(path, out _handle))
            {
                throw new InvalidOperationException(driver == Simulator
                    ? $"the driver simulator {path} is missing: build it with `cmake -S native -B native/build && cmake --build native/build` (dotnet build does when cmake and a C compiler are installed)"
                    : $"the Spectrum driver library '{path}' does not load: install Spectrum's driver package, or set {LocationVariable} to its path in the host's environment");
            }

            NativeLibrary.SetDllImportResolver(typeof(SpcmLibrary).Assembly, Resolver);
            _chosen = path;
        }
    }

    private static string Resolve(string driver) => driver switch
    {
        Simulator => Path.Combine(Path.GetDirectoryName(typeof(SpcmLibrary).Assembly.Location)!, "libspcm_sim.so"),
        Spectrum or "" => Environment.GetEnvironmentVariable(LocationVariable) is { Length: > 0 } configured ? configured : Spectrum,
        _ => throw new ArgumentException($"driver '{driver}' is neither {Spectrum} nor {Simulator}; another library can only be set by the host ({LocationVariable})", nameof(driver)),
    };

    private static nint Resolver(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == SpcmNative.Library ? _handle : 0;
}
