#!/usr/bin/python3
"""Lists and makes the seed inputs of every fuzzing target (run with Debian's python3, which has numpy, h5py and
pydicom). Real files and the example jobs stay where they are and are listed in tests/data/fuzz/seeds.txt; the .npy, HDF5,
JPEG Lossless and RLE seeds are made here, into tests/data/fuzz/<target>/. AFL++ starts from both; what it keeps for
new coverage is added to the target's folder (run.sh)."""
import io
import pathlib
import struct

import h5py
import numpy as np
import pydicom
from pydicom.encaps import generate_pixel_data_frame
from pydicom.pixel_data_handlers.rle_handler import rle_encode_frame

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
OUT = DATA / "fuzz"
SMALL = 64 << 10


def target(name):
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


SEEDS = []


def copy(files, name):
    SEEDS.extend(f"{name} {f.relative_to(ROOT)}" for f in files)


def small(pattern, limit=SMALL):
    return sorted(f for f in DATA.glob(pattern) if f.is_file() and f.stat().st_size <= limit and f.suffix != ".md")


copy(small("fcs/*/*") + [DATA / "fcs/cytoflow/System_II_listmode_with_extra_info_in_bits_D10-D15.LMD"], "fcs")
copy(small("dicos/*.dcs", 160 << 10) + small("dicom/*.dcm", 160 << 10), "dicom")
copy(small("nifti/nifti-rs/*.nii") + [DATA / "nifti/standard.nii.gz", DATA / "nifti/dipy/small_25.nii.gz", DATA / "nifti/example_nifti2.nii.gz"], "nifti")
copy(small("pulseq/*.seq", 8 << 10), "pulseq")
copy(sorted(f for f in (ROOT / "config").glob("*.json") if f.name != "job.schema.json"), "job")

# JPEG Lossless: the first frames of the fragmented CT, as a DICOM fragment holds them.
jpeg = target("jpeg-lossless")
ct = pydicom.dcmread(DATA / "dicom/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm")
for i, frame in enumerate(generate_pixel_data_frame(ct.PixelData, int(getattr(ct, "NumberOfFrames", 1)))):
    (jpeg / f"seed-ct0012-frame{i}.jpg").write_bytes(frame)
    if i == 1:
        break

# RLE Lossless: small frames, each after the 4-byte geometry word the target reads (pixels - 1, 3 samples, 2 bytes).
rle = target("rle")
rng = np.random.default_rng(7)
for name, image, samples, bytes_per_sample in [
    ("mono8", rng.integers(0, 4, (16, 16), dtype=np.uint8), 1, 1),
    ("mono16", (np.arange(32 * 32, dtype=np.uint16).reshape(32, 32) // 7), 1, 2),
    ("rgb8", np.repeat(rng.integers(0, 255, (8, 8, 1), dtype=np.uint8), 3, axis=2), 3, 1),
]:
    rows, columns = image.shape[:2]
    frame = rle_encode_frame(image)
    geometry = (rows * columns - 1) | (0x10000 if samples == 3 else 0) | (0x20000 if bytes_per_sample == 2 else 0)
    (rle / f"seed-{name}.rle").write_bytes(struct.pack("<I", geometry) + frame)

# .npy sinogram stacks (slices × angles × detectors) in the dtypes and orders the loader reads.
npy = target("npy")
stack = np.arange(2 * 6 * 5, dtype=np.float32).reshape(2, 6, 5)
for name, array, fortran in [("f4", stack, False), ("f8-big", stack.astype(">f8"), False), ("i2", stack.astype(np.int16), False), ("f4-fortran", stack, True)]:
    buffer = io.BytesIO()
    np.save(buffer, np.asfortranarray(array) if fortran else array)
    (npy / f"seed-{name}.npy").write_bytes(buffer.getvalue())

# HDF5 sinogram stacks with their angles, contiguous and chunked with gzip.
hdf5 = target("hdf5")
for name, options in [("contiguous", {}), ("chunked-gzip", {"chunks": (1, 6, 5), "compression": "gzip"})]:
    path = hdf5 / f"seed-{name}.h5"
    with h5py.File(path, "w", libver="earliest") as f:
        f.create_dataset("sinogram", data=stack, **options)
        f.create_dataset("angles", data=np.linspace(0, 180, 6, endpoint=False))

(OUT / "seeds.txt").write_text("# target, then a file of the repository that seeds it (written by tests/Fuzz/make_seeds.py)\n" + "\n".join(SEEDS) + "\n")
