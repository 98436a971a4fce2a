using Conduit.Plugins.Dicos.Dicom;
using Conduit.Plugins.Dicos.Inspection;
using Conduit.Testing.Processes;

namespace Conduit.Plugins.Dicos.Tests.Dicom;

/// <summary>
/// DICOM files from other writers, as a new user would try them: the test files Debian's python3-pydicom ships (GE,
/// Siemens, DCMTK, GDCM and pydicom output; implicit and explicit VR, deflated, RLE, JPEG of every kind, private and
/// nested sequences, quirks; big-endian ones too). Each must inspect, or be refused for a reason the codec states:
/// files that are truncated.
/// </summary>
public sealed class OtherWritersTests
{
    private const string Folder = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    [Fact]
    public async Task Pydicoms_test_files_inspect_or_are_refused_for_a_stated_reason()
    {
        PythonScript.Require("pydicom");
        var files = Directory.EnumerateFiles(Folder, "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var inspected = 0;
        var refused = new List<string>();
        foreach (var path in files)
        {
            try
            {
                var report = await new DicosInspector().InspectAsync(path, TestContext.Current.CancellationToken);
                Assert.Contains(report.Fields, f => f.Name == "transferSyntaxUid");
                inspected++;
            }
            catch (DicomDataException e)
            {
                refused.Add(e.Message);
                Assert.True(
                    e.Message.Contains("but only", StringComparison.Ordinal)
                    || e.Message.Contains("need", StringComparison.Ordinal),
                    $"{Path.GetFileName(path)} was refused for an unexpected reason: {e.Message}");
            }
        }

        Assert.True(files.Count > 50, $"only {files.Count} files in {Folder}");
        Assert.True(inspected >= files.Count - 6, $"{inspected} of {files.Count} inspected; refused:\n{string.Join('\n', refused)}");
    }
}
