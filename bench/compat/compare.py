#!/usr/bin/python3
"""Set Conduit's `inspect --json` beside the peer readers' figures (peers.py) for every manifest row.

    compare.py MANIFEST RAW_DIR RESULTS_TSV

RAW_DIR holds, per manifest row N (1-based, header not counted): N.conduit.json, N.conduit.err, N.conduit.rc,
N.peer.json, N.peer.err, N.peer.rc (written by run-compat.sh). Writes RESULTS_TSV (one row per file) and prints a
per-format summary.

Categories: agree | differ (both read, a quantity differs, or Conduit gives null where the peer has a figure) |
we-refuse-peer-reads | peer-refuses-we-read | both-refuse | no-peer (the peer reader is not available).
"""
import json
import math
import os
import sys
from collections import Counter, OrderedDict

QUANTITIES = {
    "dicom": ["sopClassUid", "transferSyntaxUid", "rows", "columns", "frames", "samplesPerPixel", "bitsAllocated",
              "bitsStored", "pixelRepresentation", "photometricInterpretation", "pixelSum"],
    "nifti": ["niftiVersion", "dims", "datatype", "sclSlope", "sclInter", "rawSum"],
    "fcs": ["version", "datatype", "parameters", "events", "channels"],
    "pulseq": ["blocks", "durationSeconds", "rfEvents", "adcEvents", "adcSamples"],
}
REL_TOL = {"durationSeconds": 1e-9, "pixelSum": 1e-6, "rawSum": 1e-7, "sclSlope": 1e-6, "sclInter": 1e-6}


def num(x):
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x)
        except ValueError:
            return None
    return None


def close(a, b, rel):
    if a == b:
        return True
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def complex_parts(s):
    try:
        parts = dict(p.split("=", 1) for p in str(s).replace(" ", "").split(";"))
        return float(parts["re"]), float(parts["im"])
    except Exception:
        return None


def same(q, ours, theirs):
    if ours is None and theirs is None:
        return True
    if ours is None or theirs is None:
        return False
    if isinstance(ours, list) or isinstance(theirs, list):
        return list(ours) == list(theirs)
    if q == "rawSum" and isinstance(theirs, str) and theirs.startswith("re="):
        a, b = complex_parts(ours), complex_parts(theirs)
        return a is not None and b is not None and close(a[0], b[0], 1e-7) and close(a[1], b[1], 1e-7)
    a, b = num(ours), num(theirs)
    if a is not None and b is not None and not isinstance(ours, str) and not isinstance(theirs, str):
        if q in REL_TOL:
            return close(a, b, REL_TOL[q])
        return a == b
    s1, s2 = str(ours).strip(), str(theirs).strip()
    if q in ("datatype", "version", "photometricInterpretation"):
        return s1.upper() == s2.upper()
    if q == "channels":
        return [c.strip() for c in s1.split(",")] == [c.strip() for c in s2.split(",")]
    if q in REL_TOL and a is not None and b is not None:
        return close(a, b, REL_TOL[q])
    return s1 == s2


def load_json(path):
    try:
        with open(path) as f:
            txt = f.read()
        return json.loads(txt) if txt.strip() else None
    except Exception:
        return None


def read(path, default=""):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return default


def short(s, n=300):
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 3] + "..."


def compare_one(fmt, ours, peer):
    """-> (quantity verdicts, details) for two readings."""
    verdicts, details = [], []
    for q in QUANTITIES[fmt]:
        if q not in peer:
            continue
        o, t = ours.get(q), peer.get(q)
        if same(q, o, t):
            verdicts.append(f"{q}=agree")
        else:
            verdicts.append(f"{q}=DIFF")
            details.append(f"{q}: conduit {json.dumps(o)} vs peer {json.dumps(t)}")
    return verdicts, details


def main():
    manifest, raw, out_tsv = sys.argv[1:4]
    rows = []
    with open(manifest) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.strip():
                rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    summary = OrderedDict()
    results = []
    for i, r in enumerate(rows, 1):
        fmt = r["format"]
        base = os.path.join(raw, str(i))
        if not os.path.exists(base + ".conduit.rc"):
            continue
        crc = read(base + ".conduit.rc", "?").strip()
        cerr = read(base + ".conduit.err").strip()
        ours = load_json(base + ".conduit.json") if crc == "0" else None
        prc = read(base + ".peer.rc", "?").strip()
        peer = load_json(base + ".peer.json")
        if crc == "0" and ours is not None:
            cstat = "ok"
        elif crc == "1":
            cstat = "refused"
        elif crc == "2":
            cstat = "unrecognised"
        elif crc in ("124", "137"):
            cstat = "timeout"
        else:
            cstat = f"error(rc={crc})"
        verdicts, details = [], []
        if prc in ("124", "137"):
            pstat, peer = "timeout", None
            details.append(f"peer: exit {prc} (124: timed out; 137: killed, e.g. out of memory)")
        elif peer is None:
            pstat = f"error(rc={prc})"
        elif "refused" in peer:
            pstat = "no-peer" if str(peer["refused"]).startswith("no peer") else "refused"
        else:
            pstat = "ok"
        if cstat != "ok" and cerr:
            details.append("conduit stderr: " + short(cerr))
        if ours is not None and ours.get("notes"):
            details.append("conduit notes: " + short(json.dumps(ours.get("notes")), 400))
        if peer is not None and "refused" in peer:
            details.append("peer: " + short(peer["refused"]))
        if pstat == "ok" and fmt == "fcs":
            readers = [k for k in ("flowio", "fcsparser") if "refused" not in peer.get(k, {"refused": 1})]
            for k in ("flowio", "fcsparser"):
                if k not in readers:
                    details.append(f"{k} refused: " + short(peer.get(k, {}).get("refused", "?"), 200))
            if len(readers) == 2:
                a, b = peer["flowio"].get("sum"), peer["fcsparser"].get("sum")
                if a is not None and b is not None and not close(a, b, 1e-9):
                    details.append(f"peers differ on sum: flowio {a} vs fcsparser {b}")
                    verdicts.append("peerSum=peers-DIFF")
                for q in ("events", "parameters"):
                    if peer["flowio"].get(q) != peer["fcsparser"].get(q):
                        details.append(f"peers differ on {q}: flowio {peer['flowio'].get(q)} vs fcsparser {peer['fcsparser'].get(q)}")
            for k in readers:
                if peer[k].get("rowsRead") not in (None, peer[k].get("events")):
                    details.append(f"{k}: $TOT {peer[k]['events']} but {peer[k]['rowsRead']} rows read")
        if cstat == "ok" and pstat == "ok":
            if fmt == "fcs":
                differs = False
                for k in ("flowio", "fcsparser"):
                    p = peer.get(k, {})
                    if "refused" in p:
                        continue
                    v, d = compare_one(fmt, ours, p)
                    verdicts += [f"{k}.{x}" for x in v]
                    details += [f"{k}.{x}" for x in d]
                    differs |= bool(d)
                sums = [str(peer[k]["sum"]) for k in ("flowio", "fcsparser") if "sum" in peer.get(k, {})]
                if sums:
                    details.append("peer sum " + "/".join(sums))
            else:
                v, d = compare_one(fmt, ours, peer)
                verdicts += v
                details += d
                differs = bool(d)
            if fmt == "dicom" and peer.get("decodedBy") not in (None, "pydicom"):
                details.append("peer decoded by " + peer["decodedBy"])
            if fmt == "dicom" and peer.get("pixelNote"):
                details.append("peer pixel note: " + short(peer["pixelNote"], 200))
            category = "differ" if differs else "agree"
        elif pstat in ("no-peer",):
            category = "no-peer"
        elif cstat == "ok":
            category = "peer-refuses-we-read"
        elif pstat == "ok":
            category = "we-refuse-peer-reads"
            figs = {q: peer.get(q) for q in QUANTITIES[fmt] if q in peer}
            if fmt == "fcs":
                figs = {k: {q: peer[k].get(q) for q in ("events", "parameters", "sum")} for k in ("flowio", "fcsparser")
                        if "refused" not in peer.get(k, {"refused": 1})}
            if fmt == "dicom" and peer.get("pixelNote"):
                details.append("peer read the header only; its pixel decode failed: " + short(peer["pixelNote"], 200))
            details.append("peer says: " + short(json.dumps(figs), 400))
        else:
            category = "both-refuse"
        results.append([fmt, r["repo"], r["commit"][:12], r["path"], r["local"], crc, cstat, pstat, category,
                        " ".join(verdicts), " | ".join(details).replace("\t", " ").replace("\n", " ")])
        s = summary.setdefault(fmt, Counter())
        s["tried"] += 1
        s[category] += 1
    with open(out_tsv, "w") as f:
        f.write("\t".join(["format", "repo", "commit12", "path", "local", "conduit_exit", "conduit_status",
                           "peer_status", "category", "quantities", "details"]) + "\n")
        for r in results:
            f.write("\t".join(str(x) for x in r) + "\n")
    cols = ["tried", "agree", "differ", "we-refuse-peer-reads", "peer-refuses-we-read", "both-refuse", "no-peer"]
    print("%-8s" % "format" + "".join("%22s" % c for c in cols))
    total = Counter()
    for fmt, s in summary.items():
        print("%-8s" % fmt + "".join("%22d" % s[c] for c in cols))
        total.update(s)
    print("%-8s" % "all" + "".join("%22d" % total[c] for c in cols))
    diffq = Counter()
    for r in results:
        if r[8] == "differ":
            for v in r[9].split():
                if "DIFF" in v:
                    diffq[(r[0], v.split("=")[0])] += 1
    if diffq:
        print("differing quantities (files): " + ", ".join(f"{f}.{q} {n}" for (f, q), n in sorted(diffq.items())))
    print(f"results: {out_tsv}")


if __name__ == "__main__":
    main()
