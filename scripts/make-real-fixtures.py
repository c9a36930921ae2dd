#!/usr/bin/env python3
"""Writes the corpus of real export layouts under tests/fixtures/real/ (see its README.md for the source of each
layout and the answers worked out by hand). Standard library only; the output is byte-for-byte deterministic.

    python3 scripts/make-real-fixtures.py
"""

import os
import zipfile

from cp1258 import cp1258

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "real")

# The six dossiers most layouts carry (README.md, "The common six"): code, procedure, field, unit, officer,
# received, due, finished (None: pending).
SIX = [
    ("H01", "Đăng ký khai sinh", "Hộ tịch", "Phòng Tư pháp", "Nguyễn Văn An",
     (2023, 3, 1, 8, 0), (2023, 3, 3), (2023, 3, 2, 15, 30)),
    ("H02", "Chứng thực bản sao từ bản chính", "Chứng thực", "Phòng Tư pháp", "Trần Thị Bình",
     (2023, 3, 6, 9, 15), (2023, 3, 10), (2023, 3, 10, 10, 0)),
    ("H03", "Cấp giấy phép xây dựng", "Xây dựng", "Phòng Kinh tế và Hạ tầng", "Lê Văn Cường",
     (2023, 3, 1, 14, 0), (2023, 3, 10), (2023, 3, 14, 9, 0)),
    ("H04", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh",
     "Phòng Tài chính - Kế hoạch", "Phạm Thị Dung", (2023, 3, 13, 8, 30), (2023, 3, 17), (2023, 3, 24, 16, 0)),
    ("H05", "Cấp đổi giấy chứng nhận quyền sử dụng đất", "Đất đai", "Phòng Tài nguyên và Môi trường",
     "Hoàng Văn Em", (2023, 3, 20, 10, 0), (2023, 3, 31), None),
    ("H06", "Đăng ký kết hôn", "Hộ tịch", "Phòng Tư pháp", "Nguyễn Văn An",
     (2023, 4, 3, 8, 0), (2023, 4, 10), None),
]


def dmy(t):
    return f"{t[2]:02}/{t[1]:02}/{t[0]}" if t else ""


def dmy_hm(t):
    return f"{t[2]:02}/{t[1]:02}/{t[0]} {t[3]:02}:{t[4]:02}" if t else ""


def compact(t, with_time=True):
    """yyyyMMddHHmmss (the portal's sync format) or yyyyMMdd."""
    if not t:
        return ""
    s = f"{t[0]}{t[1]:02}{t[2]:02}"
    if with_time:
        s += f"{t[3]:02}{t[4]:02}00" if len(t) > 3 else "170000"
    return s


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def csv_line(cells):
    def q(c):
        c = str(c)
        return '"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n') else c

    return ",".join(q(c) for c in cells) + "\r\n"


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_doc(charset, body):
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n'
        f"<head><meta http-equiv=Content-Type content=\"text/html; charset={charset}\">\n"
        "<style>.text{mso-number-format:\"\\@\";} td{border:.5pt solid windowtext}</style></head>\n"
        f"<body>\n{body}</body></html>\n"
    )


def one_stop_html(charset):
    """The "Danh sách hồ sơ" button of a provincial one-stop system: an HTML table named .xls."""
    cols = 9
    rows = [
        f'<tr><td colspan={cols} align=center><b>UBND HUYỆN TUY PHƯỚC</b></td></tr>',
        f'<tr><td colspan={cols} align=center><b>DANH SÁCH HỒ SƠ</b><br>Từ ngày 01/03/2023 đến ngày 07/04/2023</td></tr>',
        "<tr><th>STT</th><th>Mã hồ sơ</th><th>Tên thủ tục<br>hành chính</th><th>Lĩnh vực</th>"
        "<th>Cơ quan thụ lý</th><th>Cán bộ xử lý</th><th>Ngày tiếp nhận</th><th>Ngày hẹn trả</th>"
        "<th>Ngày hoàn thành</th></tr>",
    ]
    for i, (code, proc, field, unit, officer, rec, due, fin) in enumerate(SIX, 1):
        rows.append(
            f"<tr><td>{i}<td class=text>{code}<td>{esc(proc)}<td>{esc(field)}<td>{esc(unit)}&nbsp;"
            f"<td><span>{esc(officer)}</span><td>{dmy_hm(rec)}<td>{dmy(due)}<td>{dmy_hm(fin)}</tr>"
        )
    return html_doc(charset, "<table border=1>\n" + "\n".join(rows) + "\n</table>\n")


def xml2003():
    head = ["Mã hồ sơ", "Tên thủ tục", "Đơn vị xử lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả",
            "Ngày có kết quả"]

    def cell(v, kind="String"):
        return f'<Cell><Data ss:Type="{kind}">{esc(v)}</Data></Cell>'

    def dt(t):
        if not t:
            return "<Cell/>"
        hm = (t[3], t[4]) if len(t) > 3 else (0, 0)
        return (f'<Cell ss:StyleID="d"><Data ss:Type="DateTime">{t[0]}-{t[1]:02}-{t[2]:02}T'
                f"{hm[0]:02}:{hm[1]:02}:00.000</Data></Cell>")

    rows = [f'<Row><Cell ss:MergeAcross="{len(head) - 1}">{cell("SỔ THEO DÕI HỒ SƠ")[6:]}</Row>',
            "<Row>" + "".join(cell(h) for h in head) + "</Row>"]
    for code, proc, _field, unit, officer, rec, due, fin in SIX:
        rows.append("<Row>" + cell(code) + cell(proc) + cell(unit) + cell(officer) + dt(rec) + dt(due) + dt(fin)
                    + "</Row>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        '<Styles><Style ss:ID="d"><NumberFormat ss:Format="dd/mm/yyyy hh:mm"/></Style></Styles>\n'
        '<Worksheet ss:Name="Hồ sơ"><Table>\n' + "\n".join(rows) + "\n</Table></Worksheet>\n</Workbook>\n"
    )


def mau06():
    """Sổ theo dõi hồ sơ, TT 01/2018/TT-VPCP Mẫu số 06: a two-row header whose dates are steps."""
    head1 = (
        "<tr><th rowspan=2>STT</th><th rowspan=2>Mã hồ sơ</th><th rowspan=2>Tên TTHC</th>"
        "<th rowspan=2>Số lượng hồ sơ</th><th rowspan=2>Tên cá nhân, tổ chức</th>"
        "<th rowspan=2>Địa chỉ, số điện thoại</th><th rowspan=2>Cơ quan chủ trì giải quyết</th>"
        "<th colspan=5>Ngày, tháng, năm</th><th rowspan=2>Ký nhận</th><th rowspan=2>Ghi chú</th></tr>"
    )
    head2 = (
        "<tr><th>Nhận hồ sơ</th><th>Hẹn trả kết quả</th><th>Chuyển hồ sơ đến cơ quan chủ trì giải quyết</th>"
        "<th>Nhận kết quả từ cơ quan giải quyết</th><th>Trả kết quả cho cá nhân, tổ chức</th></tr>"
    )
    numbering = "<tr>" + "".join(f"<td>({i})</td>" for i in range(1, 15)) + "</tr>"
    rows = []
    for i in range(1, 41):
        # README.md, "Mẫu 06": four groups of rows.
        if i <= 12:
            rec, due, sent, fin, ret = (2023, 3, 1), (2023, 3, 10), (2023, 3, 2), (2023, 3, 9), (2023, 3, 14)
        elif i <= 24:
            rec, due, sent, fin, ret = (2023, 3, 13), (2023, 3, 17), (2023, 3, 13), (2023, 3, 17), (2023, 3, 17)
        elif i <= 34:
            rec, due, sent, fin, ret = (2023, 3, 1), (2023, 3, 10), (2023, 3, 2), (2023, 3, 13), (2023, 3, 15)
        else:
            rec, due, sent, fin, ret = (2023, 3, 20), (2023, 3, 31), (2023, 3, 21), None, None
        unit = "Phòng Tư pháp" if i % 2 else "Phòng Kinh tế và Hạ tầng"
        rows.append(
            f"<tr><td>{i}</td><td>M06-{i:03}</td><td>Chứng thực chữ ký</td><td>1</td><td>Công dân {i}</td>"
            f"<td>Tuy Phước</td><td>{unit}</td><td>{dmy(rec)}</td><td>{dmy(due)}</td><td>{dmy(sent)}</td>"
            f"<td>{dmy(fin)}</td><td>{dmy(ret)}</td><td></td><td></td></tr>"
        )
    body = (
        '<table border=1>\n<tr><td colspan=14 align=center><b>SỔ THEO DÕI HỒ SƠ</b></td></tr>\n'
        + head1 + "\n" + head2 + "\n" + numbering + "\n" + "\n".join(rows) + "\n</table>\n"
    )
    return html_doc("utf-8", body)


def group_units():
    """Units as merged group heading rows, no unit column (HTML .xls)."""
    rows = ["<tr><th>STT</th><th>Mã hồ sơ</th><th>Tên thủ tục</th><th>Người xử lý</th><th>Ngày nhận</th>"
            "<th>Ngày hẹn trả</th><th>Ngày hoàn thành</th></tr>"]
    current = None
    n = 0
    for code, proc, _field, unit, officer, rec, due, fin in SIX:
        if unit != current:
            rows.append(f"<tr><td colspan=7><b>{esc(unit)}</b></td></tr>")
            current = unit
            n = 0
        n += 1
        rows.append(f"<tr><td>{n}</td><td>{code}</td><td>{esc(proc)}</td><td>{esc(officer)}</td><td>{dmy(rec)}</td>"
                    f"<td>{dmy(due)}</td><td>{dmy(fin)}</td></tr>")
    return html_doc("utf-8", "<table>\n" + "\n".join(rows) + "\n</table>\n")


def group_fields():
    """Fields of work as group heading rows ("I. Lĩnh vực Hộ tịch") in the first cell, a unit column (CSV)."""
    out = csv_line(["STT", "Số hồ sơ", "Thủ tục", "Cơ quan giải quyết", "Chuyên viên", "Ngày tiếp nhận",
                    "Hạn giải quyết", "Ngày có kết quả"])
    by_field = {}
    for d in SIX:
        by_field.setdefault(d[2], []).append(d)
    roman = ["I", "II", "III", "IV", "V", "VI"]
    for k, (field, ds) in enumerate(by_field.items()):
        out += csv_line([f"{roman[k]}. Lĩnh vực {field}", "", "", "", "", "", "", ""])
        for i, (code, proc, _f, unit, officer, rec, due, fin) in enumerate(ds, 1):
            out += csv_line([i, code, proc, unit, officer, dmy(rec), dmy(due), dmy(fin)])
    return out


def totals_signature():
    out = csv_line(["Tuy Phước, UBND huyện", "", "", "", "", ""])
    out += csv_line(["Mã hồ sơ", "Cơ quan thụ lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành"])
    for code, _p, _f, unit, officer, rec, due, fin in SIX:
        out += csv_line([code, unit, officer, dmy(rec), dmy(due), dmy(fin)])
    out += csv_line(["Tổng cộng: 6 hồ sơ", "", "", "", "", ""])
    out += csv_line(["", "", "", "", "", ""])
    out += csv_line(["", "", "", "Tuy Phước, ngày 07 tháng 04 năm 2023", "", ""])
    out += csv_line(["Người lập biểu", "", "", "Thủ trưởng đơn vị", "", ""])
    out += csv_line(["(Ký, ghi rõ họ tên)", "", "", "(Ký tên, đóng dấu)", "", ""])
    return out


def portal_pascal():
    out = csv_line(["MaHoSo", "TenTTHC", "DonViXuLy", "NguoiXuLy", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy",
                    "TrangThaiHoSo"])
    for code, proc, _f, unit, officer, rec, due, fin in SIX:
        status = "Đã xử lý xong" if fin else "Đang xử lý"
        out += csv_line([code, proc, unit, officer, compact(rec), compact(due + (17, 0)), compact(fin), status])
    return out


# README.md, "dvcqg_ma_trang_thai.csv": the portal's status codes (data/portal_status.toml) in November 2025, under
# Nghị định 118/2025 (a stopped dossier is closed): code, unit, officer, received, due, finished, TrangThaiHoSo.
CODED = [
    ("M01", "Phòng Tư pháp", "Nguyễn Văn An", (2025, 11, 3, 8, 0), (2025, 11, 7), (2025, 11, 6, 10, 0), "10"),
    ("M02", "Phòng Tư pháp", "Trần Thị Bình", (2025, 11, 3, 9, 0), (2025, 11, 10), (2025, 11, 12, 15, 0), "9"),
    ("M03", "Phòng Kinh tế", "Lê Văn Cường", (2025, 11, 4, 8, 30), (2025, 11, 10), None, "4"),
    ("M04", "Phòng Kinh tế", "Lê Văn Cường", (2025, 11, 4, 10, 0), (2025, 11, 7), None, "8"),
    ("M05", "Phòng Văn hóa - Xã hội", "Phạm Thị Dung", (2025, 11, 5, 8, 0), (2025, 11, 7), None, "5"),
    ("M06", "Phòng Tư pháp", "Nguyễn Văn An", (2025, 11, 12, 14, 0), (2025, 11, 19), None, "2"),
    ("M07", "Phòng Văn hóa - Xã hội", "Phạm Thị Dung", (2025, 11, 5, 9, 0), (2025, 11, 7), None, "7"),
]


def portal_status_codes():
    out = csv_line(["MaHoSo", "DonViXuLy", "NguoiXuLy", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy",
                    "TrangThaiHoSo"])
    for code, unit, officer, rec, due, fin, status in CODED:
        out += csv_line([code, unit, officer, compact(rec), compact(due + (17, 0)), compact(fin), status])
    return out


def portal_camel():
    """camelCase keys and ISO 8601 UTC times, as a JSON API flattened to CSV writes them."""
    out = csv_line(["maHoSo", "tenThuTuc", "donViXuLy", "canBoXuLy", "ngayTiepNhan", "ngayHenTra",
                    "ngayKetThucXuLy"])
    # README.md, "portal_camel.csv": the times in UTC; H01's finish is 03/03 01:30 in Vietnam.
    utc = {
        "H01": ("2023-03-01T01:00:00Z", "2023-03-03T10:00:00Z", "2023-03-02T18:30:00Z"),
        "H02": ("2023-03-06T02:15:00Z", "2023-03-10T10:00:00Z", "2023-03-10T03:00:00Z"),
        "H03": ("2023-03-01T07:00:00Z", "2023-03-10T10:00:00Z", "2023-03-14T02:00:00Z"),
        "H04": ("2023-03-13T01:30:00Z", "2023-03-17T10:00:00Z", "2023-03-24T09:00:00Z"),
        "H05": ("2023-03-20T03:00:00Z", "2023-03-31T10:00:00Z", ""),
        "H06": ("2023-04-03T01:00:00+00:00", "2023-04-10T17:00:00+07:00", ""),
    }
    for code, proc, _f, unit, officer, _rec, _due, _fin in SIX:
        rec, due, fin = utc[code]
        out += csv_line([code, proc, unit, officer, rec, due, fin])
    return out


def portal_snake():
    out = csv_line(["ma_ho_so", "ten_thu_tuc", "don_vi_xu_ly", "nguoi_xu_ly", "ngay_tiep_nhan", "ngay_hen_tra",
                    "ngay_ket_thuc_xu_ly"])
    for code, proc, _f, unit, officer, rec, due, fin in SIX:
        out += csv_line([code, proc, unit, officer, compact(rec, False), compact(due, False), compact(fin, False)])
    return out


def times_12h():
    def h12(t, words):
        if not t:
            return ""
        h, m = t[3], t[4]
        am, pm = words
        return f"{dmy(t)} {(h - 1) % 12 + 1:02}:{m:02} {am if h < 12 else pm}"

    out = csv_line(["Mã hồ sơ", "Đơn vị xử lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành"])
    for i, (code, _p, _f, unit, officer, rec, due, fin) in enumerate(SIX):
        words = ("AM", "PM") if i % 2 == 0 else ("SA", "CH")
        out += csv_line([code, unit, officer, h12(rec, words), dmy(due), h12(fin, words)])
    return out


def new_due():
    out = csv_line(["Mã hồ sơ", "Đơn vị xử lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hẹn trả mới",
                    "Ngày hoàn thành"])
    for code, _p, _f, unit, officer, rec, due, fin in SIX:
        new = "15/03/2023" if code == "H03" else ""
        out += csv_line([code, unit, officer, dmy(rec), dmy(due), new, dmy(fin)])
    return out


def desk_and_unit(with_unit):
    head = ["Mã hồ sơ", "Đơn vị tiếp nhận"] + (["Đơn vị xử lý"] if with_unit else []) + [
        "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành"]
    out = csv_line(head)
    for code, _p, _f, unit, officer, rec, due, fin in SIX:
        out += csv_line([code, "Bộ phận Một cửa huyện Tuy Phước"] + ([unit] if with_unit else [])
                        + [officer, dmy(rec), dmy(due), dmy(fin)])
    return out


def bieu_ii06a():
    """Biểu số II.06a/VPCP/KSTT: results per field of work, counts only."""
    head1 = ("<tr><th rowspan=3>STT</th><th rowspan=3>Lĩnh vực giải quyết</th><th colspan=3>Số hồ sơ nhận giải quyết</th>"
             "<th colspan=4>Kết quả giải quyết</th><th colspan=3>Số hồ sơ đang giải quyết</th></tr>")
    head2 = ("<tr><th rowspan=2>Tổng số</th><th rowspan=2>Trong kỳ</th><th rowspan=2>Từ kỳ trước</th>"
             "<th colspan=3>Số hồ sơ đã giải quyết</th><th rowspan=2>Tổng số</th><th rowspan=2>Trong hạn</th>"
             "<th rowspan=2>Quá hạn</th><th rowspan=2>Ghi chú</th></tr>")
    head3 = "<tr><th>Trước hạn</th><th>Đúng hạn</th><th>Quá hạn</th></tr>"
    rows = [
        "<tr><td>1</td><td>Hộ tịch</td><td>2</td><td>2</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td>"
        "<td>1</td><td>0</td><td></td></tr>",
        "<tr><td>2</td><td>Xây dựng</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td>"
        "<td>0</td><td>0</td><td></td></tr>",
    ]
    body = ('<p>Biểu số II.06a/VPCP/KSTT</p><p><b>TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH</b></p>\n'
            "<table border=1>\n" + "\n".join([head1, head2, head3] + rows) + "\n</table>\n")
    return html_doc("utf-8", body)


def phieu_kiem_soat():
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu số 05, TT 01/2018/TT-VPCP)."""
    out = csv_line(["PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "", "", ""])
    out += csv_line(["Mã hồ sơ: H03", "", "", ""])
    out += csv_line(["(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả số: H03)", "", "", ""])
    out += csv_line(["Cơ quan, đơn vị tiếp nhận, giải quyết hồ sơ: UBND huyện Tuy Phước", "", "", ""])
    out += csv_line(["TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
                     "GHI CHÚ"])
    out += csv_line(["1. Giao: Bộ phận TN&TKQ", "14 giờ 00 phút, ngày 01/03/2023", "Đúng hạn", ""])
    out += csv_line(["2. Nhận: Phòng Kinh tế và Hạ tầng", "15 giờ 00 phút, ngày 01/03/2023", "", ""])
    out += csv_line(["3. Giao: Phòng Kinh tế và Hạ tầng", "09 giờ 00 phút, ngày 14/03/2023", "Quá hạn", ""])
    return out


def two_digit_year():
    out = csv_line(["Mã hồ sơ", "Cơ quan thụ lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành"])
    for code, _p, _f, unit, officer, rec, due, fin in SIX:
        d = dmy(due)
        if code in ("H02", "H04"):
            d = d[:6] + d[8:]  # 10/03/23
        out += csv_line([code, unit, officer, dmy(rec), d, dmy(fin)])
    return out


RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(parts, sep="/"):
    """A zip of the given parts, stored with a fixed date so the bytes never change; `sep` writes the part names'
    separators (some writers use a backslash)."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name.replace("/", sep), date_time=(2023, 4, 7, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def workbook_package(workbook, rels, sheets, sep="/"):
    """A workbook part, its relationships and its sheets' parts, in a package."""
    head = [("[Content_Types].xml", content_types("")), ("_rels/.rels", root_rels()), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels)]
    return xlsx(head + sheets, sep)


def content_types(extra):
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + extra + "</Types>")


def root_rels():
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
            f'Type="{DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')


def inline_row(n, values):
    cells = "".join(f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{esc(v)}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{n}">{cells}</row>'


def chart_beside_empty():
    """An empty worksheet beside a chart sheet: a workbook saved after its data was deleted but not its chart."""
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_REL}"><sheets>'
                '<sheet name="Biểu đồ" sheetId="2" r:id="rId2"/><sheet name="Hồ sơ" sheetId="1" r:id="rId1"/>'
                "</sheets></workbook>")
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
            f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_REL}/chartsheet" Target="chartsheets/sheet1.xml"/>'
            "</Relationships>")
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData/></worksheet>'
    chart = (f'<?xml version="1.0" encoding="UTF-8"?><chartsheet xmlns="{MAIN_NS}" xmlns:r="{DOC_REL}">'
             '<sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>')
    return workbook_package(workbook, rels, [("xl/worksheets/sheet1.xml", sheet), ("xl/chartsheets/sheet1.xml", chart)])


def backslash_names():
    """The common six in an xlsx whose part names use backslashes (xl\\worksheets\\sheet1.xml), as some
    writers make them and Excel and calamine open them (calamine's tests/issue_530.xlsx)."""
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_REL}"><sheets>'
                '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">'
            f'<Relationship Id="rId1" Type="{DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    rows = [inline_row(1, ["Mã hồ sơ", "Cơ quan thụ lý", "Cán bộ xử lý", "Ngày tiếp nhận", "Ngày hẹn trả",
                           "Ngày hoàn thành"])]
    for i, (code, _p, _f, unit, officer, rec, due, fin) in enumerate(SIX, 2):
        rows.append(inline_row(i, [code, unit, officer, dmy(rec), dmy(due), dmy(fin)]))
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    return workbook_package(workbook, rels, [("xl/worksheets/sheet1.xml", sheet)], sep="\\")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("motcua_danh_sach_utf8.xls", one_stop_html("utf-8"))
    write("motcua_danh_sach_cp1258.xls", cp1258(one_stop_html("windows-1258")))
    write("xml_spreadsheet_2003.xls", xml2003())
    write("mau06_so_theo_doi.xls", mau06())
    write("nhom_don_vi.xls", group_units())
    write("nhom_linh_vuc.csv", group_fields())
    write("dong_tong_va_chu_ky.csv", totals_signature())
    write("dvcqg_pascal.csv", portal_pascal())
    write("dvcqg_ma_trang_thai.csv", portal_status_codes())
    write("api_camel_utc.csv", portal_camel())
    write("csdl_snake_yyyymmdd.csv", portal_snake())
    write("gio_12h_sa_ch.csv", times_12h())
    write("hen_tra_moi.csv", new_due())
    write("mot_cua_va_don_vi.csv", desk_and_unit(True))
    write("chi_mot_cua.csv", desk_and_unit(False))
    write("bieu_II06a.xls", bieu_ii06a())
    write("phieu_kiem_soat_mau05.csv", phieu_kiem_soat())
    write("nam_hai_chu_so.csv", two_digit_year())
    write("bieu_do_ben_trang_trong.xlsx", chart_beside_empty())
    write("ten_phan_gach_nguoc.xlsx", backslash_names())


if __name__ == "__main__":
    main()
