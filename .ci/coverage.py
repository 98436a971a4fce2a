#!/usr/bin/python3
"""Line coverage per project from the Cobertura reports the test projects wrote (one per test project).

A source line counts as covered when any test project's run hit it, so an assembly exercised by several test
projects (the engine by its own tests and by the host's) gets the union. Test assemblies and test fixtures are left
out; the testing kit, which plugin authors install, is kept.
"""
import glob
import sys
import xml.etree.ElementTree as ElementTree
from collections import defaultdict

folder = sys.argv[1] if len(sys.argv) > 1 else "TestResults/coverage"
lines = defaultdict(dict)  # assembly -> {(file, line): covered}
reports = sorted(glob.glob(f"{folder}/*.cobertura.*.xml"))
for report in reports:
    for package in ElementTree.parse(report).getroot().iter("package"):
        assembly = package.get("name", "")
        if not assembly.startswith("Conduit.") or assembly.endswith(".Tests"):
            continue
        seen = lines[assembly]
        for cls in package.iter("class"):
            source = cls.get("filename", "")
            for line in cls.iter("line"):
                key = (source, int(line.get("number", "0")))
                seen[key] = seen.get(key, False) or int(line.get("hits", "0")) > 0

if not lines:
    print(f"coverage: no Cobertura reports under {folder}")
    sys.exit(0)

print(f"Line coverage per project ({len(reports)} test-project reports, union of hit lines):")
width = max(len(name) for name in lines)
all_lines = all_covered = 0
for assembly in sorted(lines):
    total = len(lines[assembly])
    covered = sum(lines[assembly].values())
    all_lines += total
    all_covered += covered
    print(f"  {assembly:<{width}}  {100 * covered / max(total, 1):5.1f} %  ({covered} of {total} lines)")
print(f"  {'all':<{width}}  {100 * all_covered / max(all_lines, 1):5.1f} %  ({all_covered} of {all_lines} lines)")
