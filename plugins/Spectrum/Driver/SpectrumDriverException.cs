namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>A call into Spectrum's driver failed: the device, the call, the driver's code and its own error text.</summary>
public sealed class SpectrumDriverException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpectrumDriverException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SpectrumDriverException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SpectrumDriverException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a failed call.</summary>
    public SpectrumDriverException(string device, string call, uint code, string driverText)
        : base($"{device}: {call} failed with {Spcm.ErrorName(code)}{(driverText.Length > 0 ? $": {driverText}" : string.Empty)}")
    {
        Code = code;
    }

    /// <summary>The driver's error code.</summary>
    public uint Code { get; }

    /// <summary>True for a FIFO underrun (replay) or overrun (recording).</summary>
    public bool IsFifoError => Code is Spcm.ErrFifoHwOverrun or Spcm.ErrFifoBufOverrun;
}
