"""Times pypulseq's Sequence.read on one file and prints its block count and duration (peer figures for bench)."""
import resource
import sys
import time

import pypulseq as pp

path = sys.argv[1]
start = time.perf_counter()
seq = pp.Sequence()
seq.read(path)
elapsed = time.perf_counter() - start
duration, blocks, _ = seq.duration()
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"peer=pypulseq file={path.rsplit('/', 1)[-1]} blocks={blocks} duration_s={duration:.6f} parse_s={elapsed:.3f} peak_rss_MiB={peak_mib:.1f}")
