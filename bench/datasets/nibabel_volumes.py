"""The peer side of run-nifti-bench.sh: nibabel (memory-mapped) sums one volume, then every volume, of the same file,
as int64 without converting the volume first (numpy widens while it adds, as Conduit does)."""
import sys
import time

import nibabel as nib
import numpy as np


def status(key):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


path = sys.argv[1]
start = time.perf_counter()
img = nib.load(path, mmap=True)
opened = time.perf_counter() - start
before = status('VmRSS:')
start = time.perf_counter()
first = int(np.asarray(img.dataobj[..., 0]).sum(dtype=np.int64))
one = time.perf_counter() - start
after_one = status('VmRSS:')
start = time.perf_counter()
total, peak = 0, 0
for v in range(img.shape[3]):
    total += int(np.asarray(img.dataobj[..., v]).sum(dtype=np.int64))
    peak = max(peak, status('VmRSS:') - before)
every = time.perf_counter() - start
size = img.dataobj.dtype.itemsize * np.prod(img.shape)
print(f"reader=nibabel file={path.rsplit('/', 1)[-1]} GiB={size / 2**30:.2f} open_s={opened:.4f} one_volume_s={one:.4f} "
      f"rss_growth_one_volume_MiB={(after_one - before) / 2**20:.1f} all_volumes_s={every:.2f} GB_per_s={size / 1e9 / every:.2f} "
      f"rss_growth_peak_MiB={peak / 2**20:.1f} peak_rss_MiB={status('VmHWM:') / 2**20:.1f} first={first} sum={total}")
