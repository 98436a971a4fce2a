namespace Conduit.Plugins.Dicos.Objects;

/// <summary>The DICOS SOP classes (NEMA IIC 1 v03, registered in PS3.4).</summary>
public static class DicosSopClasses
{
    /// <summary>DICOS CT Image Storage.</summary>
    public const string Ct = "1.2.840.10008.5.1.4.1.1.501.1";

    /// <summary>DICOS Digital X-Ray Image Storage - For Presentation.</summary>
    public const string DxForPresentation = "1.2.840.10008.5.1.4.1.1.501.2.1";

    /// <summary>DICOS Digital X-Ray Image Storage - For Processing.</summary>
    public const string DxForProcessing = "1.2.840.10008.5.1.4.1.1.501.2.2";

    /// <summary>DICOS Threat Detection Report Storage.</summary>
    public const string ThreatDetectionReport = "1.2.840.10008.5.1.4.1.1.501.3";
}
