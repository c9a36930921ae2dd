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
    # HTML tables and XML Spreadsheet 2003 (issue 19), whole files sent as they are (first byte 0).
    if data.lstrip()[:200].lower().find(b"<table") >= 0 or b"<html" in data[:400].lower():
        put("html_table", name, b"\x00" + data)
    if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:2000]:
        put("xml2003", name, b"\x00" + data)
# Table bodies the targets wrap in a page or a workbook: merged cells, two-row headers, group rows, dates.
put("html_table", "inline-table", b"\x01<tr><th rowspan=2>STT</th><th rowspan=2>M&atilde; h\xe1\xbb\x93 s\xc6\xa1</th>"
    b"<th colspan=2>Ng&agrave;y</th></tr><tr><th>Ti\xe1\xba\xbfp nh\xe1\xba\xadn</th><th>H\xe1\xba\xb9n tr\xe1\xba\xa3</th></tr>"
    b"<tr><td colspan=4>I. L\xc4\xa9nh v\xe1\xbb\xb1c T\xc6\xb0 ph\xc3\xa1p</td></tr>"
    b"<tr><td>1<td>H1<td x:num=\"45044\" style=\"mso-number-format:'dd/mm/yyyy'\">45044<td>28/04/2023<br>16:00</tr></table>")
put("xml2003", "inline-workbook", b"\x01<Worksheet ss:Name=\"H\"><Table><Row><Cell ss:MergeAcross=\"1\"><Data ss:Type=\"String\">"
    b"M\xc3\xa3 h\xe1\xbb\x93 s\xc6\xa1</Data></Cell><Cell ss:Index=\"3\"><Data ss:Type=\"String\">Ng\xc3\xa0y h\xe1\xba\xb9n tr\xe1\xba\xa3"
    b"</Data></Cell></Row><Row><Cell><Data ss:Type=\"String\">H1</Data></Cell><Cell ss:Index=\"3\"><Data ss:Type=\"DateTime\">"
    b"2023-04-28T16:00:00.000</Data></Cell></Row></Table></Worksheet></Workbook>")
print("seeded", {t: len(os.listdir(os.path.join(CORPUS, t))) for t in sorted(os.listdir(CORPUS))})
