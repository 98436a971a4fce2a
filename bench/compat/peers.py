#!/usr/bin/python3
"""What the field's reference ("peer") readers say about one file, as one JSON object on stdout.

    peers.py FORMAT FILE          FORMAT: dicom | nifti | fcs | pulseq

The keys match `conduit inspect FILE --json` so that compare.py can set them side by side. A peer that cannot read the
file gives {"refused": "<exception type>: <message>"}; a peer that is not importable gives {"refused": "no peer: ..."}.

Peers (run under Debian's /usr/bin/python3; nothing is installed into the project):
  dicom   pydicom (Debian python3-pydicom) for the header and pixel data. Where pydicom has no decoder for the transfer
          syntax, frame 1 is decoded by DCMTK (dcmdjpeg / dcmdjpls / dcmdrle to a native file, then pydicom), or for
          JPEG 2000 / HTJ2K by Pillow's OpenJPEG on the frame-1 codestream, or for Deflated Image Frame Compression by
          zlib; "decodedBy" says which.
  nifti   nibabel; rawSum from img.dataobj.get_unscaled() (stored values, slope/intercept not applied).
  fcs     FlowIO (whitews/FlowIO, src/ on PYTHONPATH) and fcsparser (eyurtsev/fcsparser on PYTHONPATH), each read
          without preprocessing: FlowData(f).as_array(preprocess=False); fcsparser.parse(f, dtype=None).
  pulseq  pypulseq (imr-framework/pypulseq, src/ on PYTHONPATH): Sequence.read(f); blocks, Sequence.duration(),
          blocks with an RF / ADC event, and the sum of num_samples over the ADC events of all blocks.

Checksums use Conduit's definitions:
  dicom   pixelSum: sum over frame 1 of the stored values, each masked to BitsStored and sign-extended when
          PixelRepresentation = 1; a float64 sum for Float / Double Float Pixel Data.
  nifti   rawSum: sum of all stored values over all volumes; int for integer types, float64 for float types,
          "re=..;im=.." for complex, RGB/RGBA: sum of all bytes.
  fcs     sum: float64 sum of every event value as the reader returns it (Conduit's inspect prints no such figure;
          the two peers are compared with each other).
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")


def fnum(x):
    """JSON-friendly number: ints stay ints, floats that are integral and small print as ints."""
    import numpy as np
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        x = float(x)
        if x != x or x in (float("inf"), float("-inf")):
            return str(x)
        return x
    return x


# ----------------------------------------------------------------------------------------------------------- DICOM
TS_NAMES = {
    (True, True): "1.2.840.10008.1.2",      # implicit little
    (False, True): "1.2.840.10008.1.2.1",   # explicit little
    (False, False): "1.2.840.10008.1.2.2",  # explicit big
}


def stored_sum(arr, bits_stored, pixel_rep):
    import numpy as np
    a = np.asarray(arr)
    if a.dtype.kind == "f":
        return float(a.astype(np.float64).sum())
    a = a.astype(np.int64)
    mask = (1 << bits_stored) - 1
    a = a & mask
    if pixel_rep == 1:
        sign = 1 << (bits_stored - 1)
        a = np.where(a & sign, a - (1 << bits_stored), a)
    return int(a.sum())


def frame1(ds, arr):
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    return arr[0] if frames > 1 else arr


def dicom(path):
    import numpy as np
    import pydicom
    from pydicom.errors import InvalidDicomError
    out = {}
    try:
        ds = pydicom.dcmread(path)
        out["readMode"] = "part10"
    except InvalidDicomError:
        ds = pydicom.dcmread(path, force=True)
        out["readMode"] = "force"
        if "Rows" not in ds and "SOPClassUID" not in ds and "PixelData" not in ds:
            return {"refused": "pydicom: not a DICOM data set (no preamble, no Rows/SOPClassUID/PixelData)"}
    fm = getattr(ds, "file_meta", None)
    ts = None
    if fm is not None and "TransferSyntaxUID" in fm:
        ts = str(fm.TransferSyntaxUID)
    else:
        ts = TS_NAMES.get((ds.is_implicit_VR, ds.is_little_endian))
    sop = ds.get("SOPClassUID", None) or (fm.get("MediaStorageSOPClassUID", None) if fm is not None else None)
    out["sopClassUid"] = str(sop) if sop is not None else None
    out["transferSyntaxUid"] = ts

    def geti(k):
        v = ds.get(k, None)
        return int(v) if v not in (None, "") else None
    out["rows"] = geti("Rows")
    out["columns"] = geti("Columns")
    # Conduit's convention: Number of Frames when present, else 1 for a data set with an image pixel module (Rows)
    out["frames"] = geti("NumberOfFrames") if "NumberOfFrames" in ds else (1 if "Rows" in ds else None)
    out["samplesPerPixel"] = geti("SamplesPerPixel")
    out["bitsAllocated"] = geti("BitsAllocated")
    out["bitsStored"] = geti("BitsStored")
    out["pixelRepresentation"] = geti("PixelRepresentation")
    pi = ds.get("PhotometricInterpretation", None)
    out["photometricInterpretation"] = str(pi) if pi is not None else None

    has_int = "PixelData" in ds
    has_float = "FloatPixelData" in ds or "DoubleFloatPixelData" in ds
    if not has_int and not has_float:
        out["pixelSum"] = None
        out["pixelNote"] = "no pixel data element"
        return out
    bs = out["bitsStored"] or out["bitsAllocated"] or 0
    pr = out["pixelRepresentation"] or 0
    errors = []
    # 1) pydicom's own handlers. pydicom 2.3 needs (0002,0010) to decode; where the file meta lacks it, give it the
    # transfer syntax pydicom itself used to parse the data set (native only).
    if (fm is None or "TransferSyntaxUID" not in fm) and ts is not None:
        if fm is None:
            ds.file_meta = fm = pydicom.dataset.FileMetaDataset()
        fm.TransferSyntaxUID = ts
        out["transferSyntaxDeduced"] = True
    try:
        arr = frame1(ds, ds.pixel_array)
        if ts in J2K:
            arr = j2k_unscale(arr, first_frame_bytes(ds))
        if has_int:
            out["pixelSum"] = stored_sum(arr, bs, pr)
        else:
            out["pixelSum"] = float(np.asarray(arr).astype(np.float64).sum())
        out["decodedBy"] = "pydicom"
        return out
    except Exception as e:  # no handler, or a decode error
        errors.append(f"pydicom: {type(e).__name__}: {e}")
    # 2) other decoders for frame 1
    try:
        val, how = fallback_decode(path, ds, ts, bs, pr)
        out["pixelSum"] = val
        out["decodedBy"] = how
        return out
    except Exception as e:
        errors.append(f"fallback: {type(e).__name__}: {e}")
    out["pixelSum"] = None
    out["pixelNote"] = " | ".join(errors)[:500]
    return out


DCMTK = {
    "1.2.840.10008.1.2.4.50": "dcmdjpeg", "1.2.840.10008.1.2.4.51": "dcmdjpeg", "1.2.840.10008.1.2.4.57": "dcmdjpeg",
    "1.2.840.10008.1.2.4.70": "dcmdjpeg", "1.2.840.10008.1.2.4.80": "dcmdjpls", "1.2.840.10008.1.2.4.81": "dcmdjpls",
    "1.2.840.10008.1.2.5": "dcmdrle",
}
J2K = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
       "1.2.840.10008.1.2.4.203"}


def first_frame_bytes(ds):
    from pydicom.encaps import generate_pixel_data_frame
    frames = int(getattr(ds, "NumberOfFrames", 1) or 1)
    return next(generate_pixel_data_frame(ds.PixelData, frames))


def j2k_unscale(arr, codestream):
    """Pillow (and so pydicom's Pillow handler) widens a JPEG 2000 component of precision < 8 to 8 bits by shifting it
    left (1-bit 1 -> 128). Undo that, using the precision in the codestream's SIZ marker."""
    import numpy as np
    i = codestream.find(b"\xff\x51")
    if i < 0 or len(codestream) < i + 41:
        return arr
    precision = (codestream[i + 40] & 0x7F) + 1
    a = np.asarray(arr)
    if precision < 8 and a.dtype == np.uint8:
        return a >> (8 - precision)
    return arr


def fallback_decode(path, ds, ts, bs, pr):
    import numpy as np
    import pydicom
    if ts in DCMTK:
        tool = DCMTK[ts]
        with tempfile.TemporaryDirectory() as d:
            dst = os.path.join(d, "native.dcm")
            # keep the stored colour model (no YCbCr->RGB conversion) where the tool allows it
            args = [tool, "-q", path, dst]
            if tool == "dcmdjpeg":
                args = [tool, "-q", "--conv-never", path, dst]
            r = subprocess.run(args, capture_output=True, text=True, timeout=300)
            if r.returncode != 0:
                raise RuntimeError(f"{tool} exit {r.returncode}: {(r.stderr or r.stdout).strip()[:300]}")
            nds = pydicom.dcmread(dst, force=True)
            return stored_sum(frame1(nds, nds.pixel_array), bs, pr), "dcmtk " + tool + "+pydicom"
    if ts in J2K:
        import io
        from PIL import Image
        data = first_frame_bytes(ds)
        im = Image.open(io.BytesIO(data))
        im.load()
        a = j2k_unscale(np.array(im), data)
        return stored_sum(a, bs, pr), f"Pillow-OpenJPEG ({im.mode})"
    if ts == "1.2.840.10008.1.2.8.1":  # Deflated Image Frame Compression: each frame is raw-deflated native data
        import zlib
        data = first_frame_bytes(ds)
        try:
            raw = zlib.decompress(data, -15)
        except zlib.error:
            raw = zlib.decompress(data)
        ba = int(ds.BitsAllocated)
        n = int(ds.Rows) * int(ds.Columns) * int(ds.SamplesPerPixel)
        if ba == 1:  # bit-packed, least significant bit first (PS3.5 D.2)
            bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")[:n]
            return int(bits.sum()), "zlib (deflated frame)"
        dt = {8: np.uint8, 16: np.dtype("<u2"), 32: np.dtype("<u4")}[ba]
        return stored_sum(np.frombuffer(raw, dtype=dt, count=n), bs, pr), "zlib (deflated frame)"
    raise RuntimeError(f"no decoder for transfer syntax {ts}")


# ----------------------------------------------------------------------------------------------------------- NIfTI
NIFTI_TYPES = {2: "uint8", 4: "int16", 8: "int32", 16: "float32", 32: "complex64", 64: "float64", 128: "rgb24",
               256: "int8", 512: "uint16", 768: "uint32", 1024: "int64", 1280: "uint64", 1536: "float128",
               1792: "complex128", 2048: "complex256", 2304: "rgba32", 1: "bool"}


def nifti(path):
    import numpy as np
    import nibabel as nib
    img = nib.load(path)
    h = getattr(img, "nifti_header", img.header)  # CIFTI-2 images carry their NIfTI-2 header here
    out = {"peerClass": type(img).__name__}
    if isinstance(h, nib.Nifti2Header):
        out["niftiVersion"] = 2
    elif isinstance(h, nib.Nifti1Header):
        out["niftiVersion"] = 1
    else:
        out["niftiVersion"] = 0  # Analyze 7.5 (no NIfTI magic)
    out["dims"] = [int(x) for x in h.get_data_shape()]
    code = int(h["datatype"])
    out["datatype"] = NIFTI_TYPES.get(code, f"code {code}")
    # effective scaling as nibabel applies it (None, None = no scaling: slope 1, intercept 0; the header's own
    # scl_slope of 0 or NaN means "no scaling" in NIfTI-1)
    # nibabel sets the image header's scl_slope/scl_inter to NaN once the proxy holds them, so take them from the
    # array proxy (nibabel's reading of the header: 0, NaN or inf slope becomes 1, intercept 0)
    sl, inter = getattr(img.dataobj, "slope", None), getattr(img.dataobj, "inter", None)
    out["sclSlope"] = fnum(float(sl)) if sl is not None else 1.0
    out["sclInter"] = fnum(float(inter)) if inter is not None else 0.0
    prox = img.dataobj
    raw = prox.get_unscaled() if hasattr(prox, "get_unscaled") else np.asanyarray(prox)
    raw = np.asarray(raw)
    if raw.dtype.names:  # RGB24 / RGBA32 structured arrays: sum every byte
        out["rawSum"] = int(sum(raw[n].astype(np.int64).sum() for n in raw.dtype.names))
    elif raw.dtype.kind == "c":
        out["rawSum"] = "re=%r;im=%r" % (float(raw.real.astype(np.float64).sum()), float(raw.imag.astype(np.float64).sum()))
    elif raw.dtype.kind == "f":
        if raw.dtype.itemsize > 8:
            out["rawSum"] = None
        else:
            out["rawSum"] = fnum(float(raw.astype(np.float64).sum()))
    elif raw.dtype.kind == "b":
        out["rawSum"] = int(raw.sum())
    elif raw.dtype == np.uint64:
        out["rawSum"] = int(sum(int(x) for x in raw.ravel().tolist()))  # exact (may exceed int64)
    else:
        out["rawSum"] = int(raw.astype(np.int64).sum())
    return out


# ------------------------------------------------------------------------------------------------------------- FCS
def fcs_version(v):
    return v.decode("ascii", "replace").strip() if isinstance(v, bytes) else str(v).strip()


def fcs(path):
    import numpy as np
    out = {}
    try:
        import flowio
        try:
            fd = flowio.FlowData(path)
            extra = {}
        except flowio.exceptions.MultipleDataSetsError:
            sets = flowio.read_multiple_data_sets(path)
            fd = sets[0]
            extra = {"dataSets": len(sets)}
        a = fd.as_array(preprocess=False)
        names = [fd.channels[k]["pnn"] for k in sorted(fd.channels, key=int)]
        out["flowio"] = dict(version="FCS" + str(fd.version), datatype=fd.data_type.upper(),
                             parameters=int(fd.channel_count), events=int(fd.event_count),
                             rowsRead=int(a.shape[0]), channels=", ".join(names),
                             sum=float(a.astype(np.float64).sum()), **extra)
    except ImportError as e:
        out["flowio"] = {"refused": f"no peer: {e}"}
    except Exception as e:
        out["flowio"] = {"refused": f"{type(e).__name__}: {str(e)[:300]}"}
    try:
        import fcsparser
        meta, data = fcsparser.parse(path, dtype=None, channel_naming="$PnN")
        v = data.values
        out["fcsparser"] = dict(version=fcs_version(meta.get("__header__", {}).get("FCS format", "")),
                                datatype=str(meta.get("$DATATYPE", "")).upper(),
                                parameters=int(data.shape[1]), events=int(data.shape[0]),
                                channels=", ".join(str(c) for c in data.columns),
                                sum=float(np.asarray(v, dtype=np.float64).sum()))
    except ImportError as e:
        out["fcsparser"] = {"refused": f"no peer: {e}"}
    except Exception as e:
        out["fcsparser"] = {"refused": f"{type(e).__name__}: {str(e)[:300]}"}
    ok = [k for k in ("flowio", "fcsparser") if "refused" not in out[k]]
    if not ok:
        out["refused"] = "; ".join(f"{k}: {out[k]['refused']}" for k in ("flowio", "fcsparser"))
    return out


# ---------------------------------------------------------------------------------------------------------- Pulseq
def memo_rf_from_lib_data(cls):
    """Speed only: Sequence.read of a file older than 1.5 builds every block (get_block), and each block rebuilds its RF
    event from the library (amplitude * mag * exp(2*pi*i*phase) over every sample), so a CEST file with 2 s pulses at
    1 us takes minutes. The result depends only on the library entry, its use and the sequence's shape library and
    raster, none of which change while the same entry is rebuilt, so the rebuilt event is kept and a shallow copy
    handed out. PYPULSEQ_NO_MEMO=1 turns this off (same figures, checked on files of the corpus)."""
    import copy
    from collections import OrderedDict
    original = cls.rf_from_lib_data
    # the most recently built RF events, at most 16 of them and 16 M samples in all (a CEST file may hold hundreds of
    # 2 M-sample pulses; one file has a 15 M-sample shape)
    cache = OrderedDict()

    def rf_from_lib_data(self, lib_data, use=""):
        key = (id(self), repr(tuple(lib_data)), use, id(self.shape_library), len(self.shape_library.data),
               float(self.rf_raster_time))
        if key in cache:
            cache.move_to_end(key)
        else:
            cache[key] = original(self, lib_data, use)
            while len(cache) > 1 and (len(cache) > 16 or sum(len(v.signal) for v in cache.values()) > 16_000_000):
                cache.popitem(last=False)
        return copy.copy(cache[key])
    cls.rf_from_lib_data = rf_from_lib_data


def pulseq(path):
    import importlib.metadata as md
    _version = md.version

    def version(name):  # a source export has no installed metadata; pypulseq asks for its own version at import
        if name == "pypulseq":
            return os.environ.get("PYPULSEQ_VERSION", "1.5.0")
        return _version(name)
    md.version = version
    import pypulseq as pp
    if os.environ.get("PYPULSEQ_NO_MEMO") != "1":
        memo_rf_from_lib_data(pp.Sequence)
    # no block cache: it keeps every decoded block (every RF sample) of the sequence in memory; get_block rebuilds the
    # same block from the libraries without it
    seq = pp.Sequence(use_block_cache=False)
    seq.read(path)
    duration, blocks, _ = seq.duration()
    rf = adc = samples = 0
    for ev in seq.block_events.values():
        if ev[1] > 0:
            rf += 1
        if ev[5] > 0:
            adc += 1
            samples += int(seq.adc_library.data[ev[5]][0])
    return {"blocks": int(blocks), "durationSeconds": float(duration), "rfEvents": rf, "adcEvents": adc,
            "adcSamples": samples}


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    fn = {"dicom": dicom, "nifti": nifti, "fcs": fcs, "pulseq": pulseq}[fmt]
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # whatever a reader prints goes to stderr; stdout carries the one JSON object
    try:
        out = fn(path)
    except ImportError as e:
        out = {"refused": f"no peer: {e}"}
    except Exception as e:
        out = {"refused": f"{type(e).__name__}: {str(e)[:400]}"}
    sys.stdout = real_stdout
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
