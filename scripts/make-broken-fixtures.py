#!/usr/bin/env python3
"""Writes the hostile and broken inputs of tests/fixtures/broken/ (issue 8). Deterministic: fixed zip timestamps.

Each file stands for something real exports do; tests/broken.rs holds the outcome each must produce, and
tests/fixtures/broken/README.md lists them. Run: python3 scripts/make-broken-fixtures.py
"""
import os
import shutil
import zipfile
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "broken")
STAMP = (2024, 1, 15, 8, 0, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hồ sơ" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
# Style 1: a date (dd/mm/yyyy); style 2: a fill only (the "formatted but empty" cells of a sheet formatted to the bottom).
STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFFF99"/></patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf/><xf numFmtId="164" applyNumberFormat="1"/><xf fillId="2" applyFill="1"/></cellXfs></styleSheet>"""

HEADER = ["Mã hồ sơ", "Cơ quan thụ lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành"]


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, v):
    """A cell: str → inline string; ('d', serial) → date; ('f', formula, cached serial) → formula with a cached
    date; ('e', formula, '#N/A') → formula with a cached error; ('s',) → formatted, empty."""
    if v is None:
        return ""
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    kind = v[0]
    if kind == "d":
        return f'<c r="{ref}" s="1"><v>{v[1]}</v></c>'
    if kind == "f":
        return f'<c r="{ref}" s="1"><f>{escape(v[1])}</f><v>{v[2]}</v></c>'
    if kind == "e":
        return f'<c r="{ref}" t="e"><f>{escape(v[1])}</f><v>{escape(v[2])}</v></c>'
    if kind == "s":
        return f'<c r="{ref}" s="2"/>'
    raise ValueError(v)


def sheet_xml(rows, extra_rows="", merges=()):
    body = []
    for n, row in enumerate(rows, start=1):
        cells = "".join(cell(f"{col(i)}{n}", v) for i, v in enumerate(row))
        body.append(f'<row r="{n}">{cells}</row>')
    merge = ""
    if merges:
        merge = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(body)}{extra_rows}</sheetData>{merge}</worksheet>')


def write_zip(name, parts):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for part, data in parts:
            info = zipfile.ZipInfo(part, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data if isinstance(data, bytes) else data.encode("utf-8"))


def xlsx(name, sheet):
    write_zip(name, [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK),
                     ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/styles.xml", STYLES), ("xl/worksheets/sheet1.xml", sheet)])


# Excel serials: 44986 = 01/03/2023, 44995 = 10/03/2023, 44998 = 13/03/2023, 45000 = 15/03/2023.
GOOD = [["B-01", "Phòng Tư pháp", "Nguyễn Văn An", ("d", 44986), ("d", 44995), ("d", 44998)],
        ["B-02", "Phòng Tư pháp", "Trần Thị Bích Ngọc", ("d", 44986), ("d", 44995), ("d", 44995)],
        ["B-03", "Phòng Tư pháp", "Nguyễn Văn An", ("d", 44986), ("d", 44995), ("d", 44994)]]


def main():
    os.makedirs(OUT, exist_ok=True)
    # A sheet with no rows at all, and a table with its header and nothing under it.
    xlsx("zero_rows.xlsx", sheet_xml([]))
    xlsx("header_only.xlsx", sheet_xml([HEADER]))
    # A binary workbook (.xlsb): a zip holding xl/workbook.bin.
    write_zip("binary.xlsb", [("[Content_Types].xml", CONTENT_TYPES.replace("workbook.xml", "workbook.bin")),
                              ("xl/workbook.bin", b"\x83\x01\x00\x00")])
    # A PDF renamed to .xlsx.
    shutil.copyfile(os.path.join(OUT, "report.pdf"), os.path.join(OUT, "renamed_pdf.xlsx"))
    # Formulas with cached values: the due date is =D2+9 (cached 10/03/2023), the finish =E2+3 (cached 13/03).
    xlsx("formulas_cached.xlsx", sheet_xml([HEADER,
        ["F-01", "Phòng Tư pháp", "Nguyễn Văn An", ("d", 44986), ("f", "D2+9", 44995), ("f", "E2+3", 44998)],
        ["F-02", "Phòng Tư pháp", "Nguyễn Văn An", ("d", 44986), ("f", "D3+9", 44995), ("f", "E3", 44995)]]))
    # Cells holding formula errors: #N/A in a due date, #VALUE! in a finishing date.
    xlsx("error_values.xlsx", sheet_xml([HEADER, GOOD[0],
        ["E-02", "Phòng Tư pháp", "Nguyễn Văn An", ("d", 44986), ("e", "VLOOKUP(A3,X!A:B,2,0)", "#N/A"), ("d", 44998)],
        ["E-03", "Phòng Tư pháp", "Nguyễn Văn An", ("d", 44986), ("d", 44995), ("e", "D4+\"x\"", "#VALUE!")]]))
    # A unit written once and merged down across its three dossiers.
    merged = [HEADER] + [[r[0], None if i else r[1]] + r[2:] for i, r in enumerate(GOOD)]
    xlsx("merged_cells.xlsx", sheet_xml(merged, merges=["B2:B4"]))
    # A stray value in the last cell of the sheet, XFD1048576, beside an ordinary table.
    xlsx("stray_cell.xlsx", sheet_xml([HEADER] + GOOD, extra_rows='<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'))
    # (A table followed by a million formatted empty rows is built by tests/broken.rs itself: 100 MB of XML.)
    # A zip bomb: a sheet that inflates a thousand times (a table, then 40 MB of spaces).
    bomb = sheet_xml([HEADER] + GOOD).replace("</sheetData>", "</sheetData>" + " " * (40 * 1024 * 1024))
    xlsx("zip_bomb.xlsx", bomb)

    def csv(name, lines, encoding="utf-8"):
        with open(os.path.join(OUT, name), "w", encoding=encoding, newline="") as f:
            f.write("\r\n".join(lines) + "\r\n")

    # Semicolon file with one line saved with commas.
    csv("mixed_delimiters.csv", ["Mã hồ sơ;Cơ quan thụ lý;Cán bộ xử lý;Ngày tiếp nhận;Ngày hẹn trả;Ngày hoàn thành",
                                 "X-01;Phòng Tư pháp;Nguyễn Văn An;01/03/2023;10/03/2023;13/03/2023",
                                 "X-02,Phòng Tư pháp,Nguyễn Văn An,01/03/2023,10/03/2023,10/03/2023",
                                 "X-03;Phòng Tư pháp;Nguyễn Văn An;01/03/2023;10/03/2023;09/03/2023"])
    # Dates that cannot be: due, finished or returned before receipt; a due date in 1899; a dossier of 1985 (before
    # the working-day calendar's first year, 1990).
    csv("impossible_dates.csv", ["Mã hồ sơ,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành,Ngày trả kết quả",
                                 "I-01,Phòng Tư pháp,Nguyễn Văn An,05/03/2023,01/03/2023,06/03/2023,",
                                 "I-02,Phòng Tư pháp,Nguyễn Văn An,05/03/2023,10/03/2023,02/03/2023,",
                                 "I-03,Phòng Tư pháp,Nguyễn Văn An,05/03/2023,10/03/2023,09/03/2023,04/03/2023",
                                 "I-04,Phòng Tư pháp,Nguyễn Văn An,,15/03/1899,16/03/1899,",
                                 "I-05,Phòng Tư pháp,Nguyễn Văn An,05/03/2023,10/03/2023,09/03/2023,10/03/2023",
                                 "I-06,Phòng Tư pháp,Nguyễn Văn An,01/03/1985,10/03/1985,12/03/1985,"])
    # Dates after the evaluation date 31/12/2023: received later (does not exist yet), finished later (pending).
    csv("future_dates.csv", ["Mã hồ sơ,Cơ quan thụ lý,Cán bộ xử lý,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành",
                             "T-01,Phòng Tư pháp,Nguyễn Văn An,05/01/2024,19/01/2024,",
                             "T-02,Phòng Tư pháp,Nguyễn Văn An,18/12/2023,22/12/2023,03/01/2024",
                             "T-03,Phòng Tư pháp,Nguyễn Văn An,18/12/2023,22/12/2023,21/12/2023"])


if __name__ == "__main__":
    main()
