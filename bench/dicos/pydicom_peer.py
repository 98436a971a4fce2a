#!/usr/bin/python3
"""pydicom's side of the DICOS CT comparison: the same volume (read, untimed, from Conduit's native file) written
natively and as RLE Lossless, and the files read back to arrays. Best of REPS; one JSON line per case.
Usage: pydicom_peer.py DIR [REPS]"""
import json, os, sys, time

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, RLELossless, generate_uid

directory = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
volume = pydicom.dcmread(os.path.join(directory, "conduit-native.dcs")).pixel_array
frames, rows, columns = volume.shape


def dataset():
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.501.1"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "CT"
    ds.Rows, ds.Columns, ds.NumberOfFrames = rows, columns, frames
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    ds.is_little_endian, ds.is_implicit_VR = True, False
    return ds


def best(work, times):
    result = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        work()
        result = min(result, time.perf_counter() - start)
    return result


def write_native():
    ds = dataset()
    ds.PixelData = volume.tobytes()
    ds.save_as(os.path.join(directory, "pydicom-native.dcs"), write_like_original=False)


def write_rle():
    ds = dataset()
    ds.PixelData = volume.tobytes()
    ds.compress(RLELossless, encoding_plugin="pydicom")
    ds.save_as(os.path.join(directory, "pydicom-rle.dcs"), write_like_original=False)


def read(name):
    def work():
        read.array = pydicom.dcmread(os.path.join(directory, name)).pixel_array
    return work


cases = [("Native", write_native, "pydicom-native.dcs", reps), ("RleLossless", write_rle, "conduit-rlelossless.dcs", 1)]
for encoding, writer, readable, times in cases:
    write_s = best(writer, times)
    read_s = best(read(readable), times)
    print(json.dumps({"tool": "pydicom " + pydicom.__version__, "encoding": encoding, "frames": frames,
                      "write_s": round(write_s, 4), "read_s": round(read_s, 4),
                      "checksum": int(read.array.astype(np.int64).sum())}), flush=True)
