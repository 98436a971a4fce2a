"""Writes dicom-dictionary.tsv: tag, VR, VM and keyword of every non-retired DICOM PS3.6 data element (the DICOS group
4010 included), so that implicit-VR data sets from any writer get their VRs, sequences included.

The values are facts of the DICOM standard (PS3.6 "Registry of DICOM Data Elements"); this script reads them from the
tabulation that Debian's python3-pydicom ships, leaving out retired elements and repeating groups.
Run: /usr/bin/python3 plugins/Dicos/Dictionary/generate-dictionary.py > plugins/Dicos/Dictionary/dicom-dictionary.tsv
"""
from pydicom._dicom_dict import DicomDictionary

print("# tag\tVR\tVM\tkeyword  (DICOM PS3.6, non-retired data elements)")
for tag, (vr, vm, name, retired, keyword) in sorted(DicomDictionary.items()):
    if not retired and keyword:
        print(f"{tag >> 16:04X}{tag & 0xFFFF:04X}\t{vr.replace(' or ', '|')}\t{vm}\t{keyword}")
