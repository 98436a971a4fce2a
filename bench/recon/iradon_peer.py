"""Times scikit-image's iradon on the sinogram that `Conduit.Benchmarks recon-fbp` wrote, in the same run.

Usage: iradon_peer.py DIR [REPS]. Reads DIR/sinogram.npy (angles x detectors, angles spread evenly over 180 degrees),
DIR/phantom.npy and DIR/conduit.npy; prints one JSON line for iradon and one comparing the two reconstructions.
"""
import json
import sys
import time

import numpy as np
from skimage.transform import iradon

directory = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
sinogram = np.load(f"{directory}/sinogram.npy").astype(np.float64)
phantom = np.load(f"{directory}/phantom.npy").astype(np.float64)
conduit = np.load(f"{directory}/conduit.npy").astype(np.float64)
angles, detectors = sinogram.shape
size = phantom.shape[0]
theta = np.arange(angles) * 180.0 / angles

times = []
for _ in range(reps):
    start = time.perf_counter()
    image = iradon(sinogram.T, theta=theta, output_size=size, filter_name="ramp", interpolation="linear", circle=True)
    times.append(time.perf_counter() - start)
times.sort()
median = times[len(times) // 2]
rmse = float(np.sqrt(np.mean((image - phantom) ** 2)))
print(json.dumps({"tool": "skimage-iradon", "size": size, "angles": angles, "seconds": round(median, 4),
                  "bestSeconds": round(times[0], 4), "rmse": round(rmse, 5),
                  "gups": round(size * size * angles / median / 1e9, 3)}))
print(json.dumps({"compare": "conduit-vs-iradon", "rmseBetween": round(float(np.sqrt(np.mean((image - conduit) ** 2))), 5),
                  "conduitRmse": round(float(np.sqrt(np.mean((conduit - phantom) ** 2))), 5)}))
