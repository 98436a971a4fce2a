"""Writes a valid FCS 3.1 file of float32 events (random values) for benchmarks: make-fcs.py PATH MEBIBYTES [CHANNELS] [BYTEORD]."""
import sys
import numpy as np

path, mib = sys.argv[1], int(sys.argv[2])
channels = int(sys.argv[3]) if len(sys.argv) > 3 else 16
order = sys.argv[4] if len(sys.argv) > 4 else "1,2,3,4"
events = mib * (1 << 20) // (4 * channels)
keywords = [("$BYTEORD", order), ("$DATATYPE", "F"), ("$MODE", "L"), ("$NEXTDATA", "0"), ("$PAR", str(channels)), ("$TOT", str(events)),
            ("$BEGINANALYSIS", "0"), ("$ENDANALYSIS", "0"), ("$BEGINSTEXT", "0"), ("$ENDSTEXT", "0")]
for n in range(1, channels + 1):
    keywords += [(f"$P{n}N", f"CH{n}"), (f"$P{n}B", "32"), (f"$P{n}E", "0,0"), (f"$P{n}R", "262144")]
def text(begin, end):
    return "/" + "".join(f"{k}/{v}/" for k, v in keywords + [("$BEGINDATA", f"{begin:020d}"), ("$ENDDATA", f"{end:020d}")])
size = len(text(0, 0).encode())
begin = 58 + size
end = begin + events * channels * 4 - 1
header = "FCS3.1    " + "".join(f"{v:>8}" for v in (58, 57 + size, begin if end <= 99999999 else 0, end if end <= 99999999 else 0, 0, 0))
rng = np.random.default_rng(1)
dtype = "<f4" if order == "1,2,3,4" else ">f4"
with open(path, "wb") as f:
    f.write(header.encode() + text(begin, end).encode())
    block = 1 << 20
    for start in range(0, events, block):
        rows = min(block, events - start)
        f.write((rng.random((rows, channels), dtype=np.float32) * 262144).astype(dtype).tobytes())
    f.write(b"00000000")
print(f"{path}: {events} events x {channels} channels, {events * channels * 4 / 1e6:.0f} MB of DATA")
