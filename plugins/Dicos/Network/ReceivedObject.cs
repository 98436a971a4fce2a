namespace Conduit.Plugins.Dicos.Network;

/// <summary>A data set a C-STORE brought, complete, as a Part 10 file (file meta group and the data set's bytes as they
/// arrived).</summary>
/// <param name="SopClass">The SOP class UID of the C-STORE.</param>
/// <param name="SopInstance">The SOP instance UID of the C-STORE.</param>
/// <param name="TransferSyntax">The transfer syntax it arrived in.</param>
/// <param name="CallingAeTitle">The sender's AE title.</param>
/// <param name="Path">The Part 10 file, under a temporary name; whoever handles the object moves or deletes it.</param>
/// <param name="Bytes">The data set's length.</param>
internal sealed record ReceivedObject(string SopClass, string SopInstance, string TransferSyntax, string CallingAeTitle, string Path, long Bytes);
