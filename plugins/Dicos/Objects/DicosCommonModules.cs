using System.Globalization;
using Conduit.Plugins.Dicos.Dicom;

namespace Conduit.Plugins.Dicos.Objects;

/// <summary>
/// The modules every DICOS object we write carries, as the SDK's files do: SOP common (new instance UID), object of
/// inspection (the DICOS name for the patient module), scan (study), series, equipment, frame of reference and the
/// DICOS group's version, object type and acquisition status.
/// </summary>
internal static class DicosCommonModules
{
    public static void Add(DicomDataSet d, string sopClassUid, string modality, DateTime now, string description, string frameOfReferenceUid, DicosObjectUids? uids = null)
    {
        uids ??= DicosObjectUids.Create();
        var (date, time) = (now.ToString("yyyyMMdd", CultureInfo.InvariantCulture), now.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture));
        d.AddText(0x0008, 0x0012, "DA", date);
        d.AddText(0x0008, 0x0013, "TM", time);
        d.AddText(0x0008, 0x0016, "UI", sopClassUid);
        d.AddText(0x0008, 0x0018, "UI", uids.SopInstance);
        d.AddText(0x0008, 0x0020, "DA", date);
        d.AddText(0x0008, 0x0021, "DA", date);
        d.AddText(0x0008, 0x0023, "DA", date);
        d.AddText(0x0008, 0x0030, "TM", time);
        d.AddText(0x0008, 0x0031, "TM", time);
        d.AddText(0x0008, 0x0033, "TM", time);
        d.AddText(0x0008, 0x0060, "CS", modality);
        d.AddText(0x0008, 0x0070, "LO", "Conduit");
        d.AddText(0x0008, 0x1030, "LO", description);
        d.AddText(0x0008, 0x1090, "LO", "Conduit");
        d.AddText(0x0010, 0x0020, "LO", "UNKNOWN");
        d.AddText(0x0010, 0x0022, "CS", "TEXT");
        d.AddText(0x0010, 0x0040, "CS", "U");
        d.AddText(0x0018, 0x1020, "LO", "Conduit");
        d.AddText(0x0020, 0x000D, "UI", uids.Study);
        d.AddText(0x0020, 0x000E, "UI", uids.Series);
        d.AddText(0x0020, 0x0010, "SH", "1");
        d.AddText(0x0020, 0x0011, "IS", "1");
        d.AddText(0x0020, 0x0013, "IS", "1");
        d.AddText(0x0020, 0x0052, "UI", frameOfReferenceUid);
        d.AddText(0x0020, 0x1040, "LO", string.Empty);
        d.AddText(0x4010, 0x103A, "CS", "V03");
        d.AddText(0x4010, 0x1042, "CS", "BAGGAGE");
        d.AddText(0x4010, 0x1044, "CS", "SUCCESSFUL");
        d.AddText(0x4010, 0x1048, "CS", "OPERATIONAL");
    }
}
