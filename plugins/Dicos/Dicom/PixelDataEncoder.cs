using Conduit.Plugins.Dicos.Codecs;

namespace Conduit.Plugins.Dicos.Dicom;

/// <summary>Re-encodes an image's frames into JPEG Lossless SV1 or RLE Lossless: one fragment a frame, with a basic
/// offset table, in a copy of the data set.</summary>
public static class PixelDataEncoder
{
    /// <summary>The data set of <paramref name="file"/> with its pixel data compressed in <paramref name="syntax"/>.</summary>
    public static DicomDataSet Encode(DicomFile file, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax != DicomTransferSyntax.JpegLosslessSv1 && syntax != DicomTransferSyntax.RleLossless)
        {
            throw new ArgumentException($"{syntax.Name}: the encoder writes JPEG Lossless SV1 and RLE Lossless", nameof(syntax));
        }

        var image = new DicomImage(file);
        if (image.BitsAllocated is not (8 or 16))
        {
            throw new ArgumentException($"{image.BitsAllocated} bits allocated: only 8 and 16 are encoded");
        }

        var bytesPerSample = image.BitsAllocated / 8;
        var frame = new byte[image.FrameBytes];
        var fragments = new List<ReadOnlyMemory<byte>>();
        var offsets = new List<uint>();
        var fragmentOffsets = new List<long>();
        long position = 0;
        for (var f = 0; f < image.Frames; f++)
        {
            image.ReadFrame(f, frame);
            byte[] encoded;
            if (syntax == DicomTransferSyntax.RleLossless)
            {
                encoded = RleEncoder.Encode(frame, image.Rows * image.Columns, image.SamplesPerPixel, bytesPerSample);
            }
            else
            {
                if (image.SamplesPerPixel != 1)
                {
                    throw new ArgumentException($"{image.SamplesPerPixel} samples per pixel: the JPEG encoder writes one component");
                }

                encoded = JpegLosslessEncoder.Encode(frame, image.Columns, image.Rows, image.BitsStored, bytesPerSample);
            }

            offsets.Add((uint)position);
            fragmentOffsets.Add(position);
            fragments.Add(encoded);
            position += 8 + encoded.Length + (encoded.Length & 1);
        }

        var copy = new DicomDataSet();
        foreach (var element in file.DataSet.Elements)
        {
            copy.Add(element);
        }

        copy.Add(new DicomElement(DicomTag.PixelData, DicomVr.OB, new EncapsulatedFragments(offsets, fragments, fragmentOffsets)));
        return copy;
    }
}
