namespace Conduit.Plugins.Spectrum.Driver;

/// <summary>Register numbers, command and status bits, modes and error codes of Spectrum's regs.h and spcerr.h that
/// this plugin uses (values from the published headers; see docs/spectrum-driver-facts.md).</summary>
internal static class Spcm
{
    public const int M2Cmd = 100;
    public const int M2Status = 110;
    public const int DataAvailUserLen = 200;
    public const int DataAvailUserPos = 201;
    public const int DataAvailCardLen = 202;
    public const int DataOutBufSize = 209;
    public const int FunctionType = 2001;
    public const int PciFeatures = 2120;
    public const int CardMode = 9500;
    public const int Loops = 10020;
    public const int PreTrigger = 10030;
    public const int PostTrigger = 10100;
    public const int ChannelEnable = 11000;
    public const int SampleRate = 20000;
    public const int ClockOut = 20110;
    public const int ClockMode = 20200;
    public const int Amplitude0 = 30010;
    public const int EnableOut0 = 30091;
    public const int TriggerOrMask = 40410;
    public const int TriggerAndMask = 40430;
    public const int TriggerExt0Mode = 40510;
    public const int Timeout = 295130;
    public const int X0Mode = 600200;

    public const int CardStart = 0x4;
    public const int CardEnableTrigger = 0x8;
    public const int CardStop = 0x40;
    public const int CardWriteSetup = 0x2;
    public const int DataStartDma = 0x10000;
    public const int DataWaitDma = 0x20000;
    public const int DataStopDma = 0x40000;

    public const int StatusDataEnd = 0x200;
    public const int StatusDataOverrun = 0x400;

    public const int ReplayFifoSingle = 0x800;
    public const int RecordFifoGate = 0x40;
    public const int TypeAnalogIn = 0x1;
    public const int TypeAnalogOut = 0x2;
    public const int FeatureGate = 0x2;
    public const int TriggerSoftware = 0x1;
    public const int TriggerExt0 = 0x2;
    public const int TriggerModeHigh = 0x8;
    public const int ClockIntPll = 0x1;
    public const int XModeDigOut = 0x8;
    public const int XModeSourceChannel0 = 0x01000000;
    public const int XModeSourceBit15 = 0x00100000;

    public const uint BufferData = 1000;
    public const uint DirectionPcToCard = 0;
    public const uint DirectionCardToPc = 1;

    public const uint ErrOk = 0;
    public const uint ErrTimeout = 0x107;
    public const uint ErrFifoHwOverrun = 0x301;
    public const uint ErrFifoBufOverrun = 0x300;

    /// <summary>A driver error code's name, for messages.</summary>
    public static string ErrorName(uint code) => code switch
    {
        0x0000 => "ERR_OK",
        0x0009 => "ERR_INVALIDHANDLE",
        0x000A => "ERR_BOARDNOTFOUND",
        0x000B => "ERR_BOARDINUSE",
        0x0046 => "ERR_INVALIDPARAM",
        0x0100 => "ERR_REG",
        0x0101 => "ERR_VALUE",
        0x0103 => "ERR_SEQUENCE",
        0x0107 => "ERR_TIMEOUT",
        0x010A => "ERR_NOWRITEALLOWED",
        0x010B => "ERR_SETUP",
        0x0111 => "ERR_NOTIFYSIZE",
        0x0120 => "ERR_RUNNING",
        0x0141 => "ERR_DIRMISMATCH",
        0x0300 => "ERR_FIFOBUFOVERRUN",
        0x0301 => "ERR_FIFOHWOVERRUN",
        0x0302 => "ERR_FIFOFINISHED",
        _ => $"error 0x{code:X}",
    };
}
