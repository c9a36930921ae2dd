#!/usr/bin/env python3
"""Encoding and patching steps of scripts/make-fixtures. Deterministic: no timestamps, no randomness."""
import os
import sys
import zipfile

from cp1258 import cp1258

FIX = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures"


def p(name):
    return os.path.join(FIX, name)


def read(name):
    with open(p(name), encoding="utf-8", newline="") as f:
        return f.read()


def write(name, data):
    with open(p(name), "wb") as f:
        f.write(data)


semicolon = read("dossiers_2023_semicolon.src")
tab = read("dossiers_2023_tab.src")
comma = read("dossiers_2023_utf8.csv")
write("dossiers_2023_utf8_bom.csv", b"\xef\xbb\xbf" + semicolon.encode("utf-8"))
write("dossiers_2023_utf16le.tsv", b"\xff\xfe" + tab.encode("utf-16-le"))
write("dossiers_2023_utf16be.csv", b"\xfe\xff" + semicolon.encode("utf-16-be"))
write("dossiers_2023_cp1258.csv", cp1258(comma))
os.remove(p("dossiers_2023_semicolon.src"))
os.remove(p("dossiers_2023_tab.src"))

# The 1904 date system: rust_xlsxwriter cannot set it, so patch workbook.xml (the example already wrote the
# serials in the 1904 system).
src = p("dossiers_1904.src.xlsx")
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p("dossiers_1904.xlsx"), "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == "xl/workbook.xml":
            data = data.replace(b"<workbookPr", b'<workbookPr date1904="1"', 1)
            assert b'date1904="1"' in data
        zout.writestr(info, data)
os.remove(src)

broken = os.path.join(FIX, "broken")
os.makedirs(broken, exist_ok=True)


def wb(name, data):
    with open(os.path.join(broken, name), "wb") as f:
        f.write(data)


wb("report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
wb(
    "web_table.xls",
    "<html><head><meta charset=\"utf-8\"></head><body><table>"
    "<tr><td>Mã hồ sơ</td><td>Ngày hẹn trả</td></tr><tr><td>H1</td><td>28/04/2023</td></tr>"
    "</table></body></html>\n".encode("utf-8"),
)
wb(
    "xml2003.xls",
    b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>\n',
)
wb("empty.csv", b"")
with open(p("dossiers_2023.xlsx"), "rb") as f:
    wb("truncated.xlsx", f.read()[:4000])
wb("photo.png", bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]))

enc = os.path.join(broken, "encrypted.xlsx")
if not os.path.exists(enc):
    # Fallback: a minimal compound file whose directory names the encryption streams.
    header = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    names = b"".join(n.encode("utf-16-le").ljust(128, b"\0") for n in ["Root Entry", "EncryptionInfo", "EncryptedPackage"])
    wb("encrypted.xlsx", header + names)
