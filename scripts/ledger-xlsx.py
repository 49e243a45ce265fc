#!/usr/bin/python3
"""ledger-xlsx.py - write a ledger (台账) CSV as an Excel workbook.

    /usr/bin/python3 scripts/ledger-xlsx.py examples/records/ledger-qingchuan.csv \
        examples/records/ledger-qingchuan.xlsx

One sheet, 台账, with the CSV's header and rows.  A cell holding one date
(YYYY-MM-DD) that exists becomes a date cell, as an analyst's Excel has it; every
other cell (periods such as 2023-02-01至2023-03-03, 年月日 dates, words)
stays text.  Needs openpyxl (Debian: python3-openpyxl).  The workbook's
timestamps are fixed, so regenerating it changes nothing but the zip
entries' times.
"""
import csv
import datetime
import re
import sys

import openpyxl
from openpyxl.styles import Font

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FIXED = datetime.datetime(2026, 12, 1)


def cell_value(text):
    if text == "":
        return None
    m = ISO_DATE.match(text)
    if m:
        try:
            return datetime.date(*(int(g) for g in m.groups()))
        except ValueError:  # 2023-02-30: typed as text, and kept so
            pass
    return text


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: ledger-xlsx.py LEDGER.csv OUT.xlsx\n")
        return 2
    with open(argv[1], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c,
                           value=text if r == 1 else cell_value(text))
            if r == 1:
                cell.font = Font(bold=True)
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    for c, name in enumerate(rows[0], start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = \
            max(10, 2 * len(name) + 2)
    ws.freeze_panes = "B2"
    wb.properties.creator = "dueproc"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
