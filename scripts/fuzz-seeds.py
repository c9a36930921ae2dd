#!/usr/bin/env python3
"""Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from the fixtures: whole files for any_bytes and
side_lists, the sheet XML (and shared strings) of every xlsx fixture for xlsx_sheet, content.xml of every ods
fixture for ods_content, and every CSV (prefixed with its encoding byte) for csv_text."""
import glob
import os
import zipfile

ROOT = os.path.join(os.path.dirname(__file__), "..")
FIX = os.path.join(ROOT, "tests", "fixtures")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name.replace("/", "_")), "wb") as f:
        f.write(data)


files = sorted(glob.glob(os.path.join(FIX, "*.*")) + glob.glob(os.path.join(FIX, "broken", "*.*")))
for path in files:
    name = os.path.relpath(path, FIX)
    if name.endswith(".md") or os.path.getsize(path) > 2_000_000:
        continue
    data = open(path, "rb").read()
    put("any_bytes", name, data)
    if name.endswith(".csv") or name.endswith(".tsv"):
        put("side_lists", name, data)
        put("csv_text", name, b"\x00" + data)
    if name.endswith(".xlsx") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else b""
            for part in names:
                if part.startswith("xl/worksheets/sheet") and part.endswith(".xml"):
                    put("xlsx_sheet", name + "-" + os.path.basename(part), z.read(part) + b"\x00" + strings)
            if "reminders" in name or "proposals" in name:
                put("side_lists", name, data)
    if name.endswith(".ods") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            put("ods_content", name, z.read("content.xml"))
print("seeded", {t: len(os.listdir(os.path.join(CORPUS, t))) for t in sorted(os.listdir(CORPUS))})
