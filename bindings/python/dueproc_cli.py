"""dueproc_cli - check ledgers (台账) and record files from Python, Excel
workbooks included.

    python3 -m dueproc_cli [OPTION]... FILE...

Prints what ``dueproc-validate`` prints for the same records (the text
report, or ``--format json``: one records.md §6 line a record) and exits
as it does: 0 every record compliant, 1 some record has an error, 2 an
input or a record could not be read, or no record was found.  Unlike the
validator it reads Excel workbooks (.xlsx, .xlsm) through pandas and
openpyxl: each sheet is read as the CSV it would be saved as (a date cell
as YYYY-MM-DD), so a workbook and its CSV give the same findings.  With
``--xlsx-out FILE`` the findings also go to an Excel workbook for the
analyst (pandas ``to_excel``).

This module is a small Python layer beside the package ``dueproc``
(doc/python.md, "From the command line").  Its functions serve scripts
too: ``read_workbook``, ``check_paths`` and ``findings_to_excel``.
"""
import argparse
import datetime
import math
import os
import sys

import dueproc

PROG = "dueproc_cli"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

_MESSAGES = {
    # id: (en, zh)
    "no_openpyxl": ("%s: reading an Excel workbook needs pandas and openpyxl "
                    "(Debian: apt install python3-pandas python3-openpyxl); "
                    "or save it as 'CSV UTF-8' and check the CSV",
                    "%s：读取 Excel 工作簿需要 pandas 和 openpyxl（Debian："
                    "apt install python3-pandas python3-openpyxl）；也可另存为"
                    "“CSV UTF-8”后检查该 CSV 文件"),
    "xls": ("%s: an Excel 97-2003 workbook (.xls) cannot be read here; save "
            "it as .xlsx or as 'CSV UTF-8'",
            "%s：无法读取 Excel 97-2003 工作簿（.xls），请另存为 .xlsx 或"
            "“CSV UTF-8”"),
    "bad_book": ("%s: cannot read the workbook: %s",
                 "%s：无法读取该工作簿：%s"),
    "no_record": ("%s: no record", "%s：没有记录"),
    "bad_sheet": ("%s: no sheet named '%s' (sheets: %s)",
                  "%s：没有名为“%s”的工作表（工作表：%s）"),
    "written": ("%s: %d records, %d findings written",
                "%s：已写入 %d 条记录、%d 项发现"),
}


def _say(lang, key, *args):
    text = _MESSAGES[key][1 if lang == "zh" else 0] % args
    sys.stderr.write("%s: %s\n" % (PROG, text))


def _lang_from_locale():
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var)
        if v:
            return "zh" if v.startswith("zh") else "en"
    return "en"


# ---------------------------------------------------------------------------
# Workbooks

def cell_text(v):
    """The text a spreadsheet program writes for cell value v when it saves
    the sheet as CSV: a date as YYYY-MM-DD (with the time when there is one),
    a whole number without '.0', nothing for an empty cell.  A line break
    inside a cell becomes a space, so that a record's line is its row."""
    if v is None:
        return ""
    if isinstance(v, float) and math.isnan(v):
        return ""
    try:
        import pandas as pd
        if v is pd.NaT:
            return ""
        if isinstance(v, pd.Timestamp):
            v = v.to_pydatetime()
    except ImportError:  # pragma: no cover - callers that have no pandas
        pass
    if isinstance(v, datetime.datetime):
        if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()
        return v.strftime("%Y-%m-%d %H:%M" if v.second == 0
                          else "%Y-%m-%d %H:%M:%S")
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.time):
        return v.strftime("%H:%M" if v.second == 0 else "%H:%M:%S")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _csv_field(s):
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def sheet_to_csv(rows):
    """CSV text (RFC 4180) of rows of cell values; trailing empty rows and
    columns dropped, as a spreadsheet program saves them."""
    texts = [[cell_text(v) for v in row] for row in rows]
    while texts and not any(texts[-1]):
        texts.pop()
    width = 0
    for row in texts:
        for i in range(len(row), 0, -1):
            if row[i - 1]:
                width = max(width, i)
                break
    return "".join(",".join(_csv_field(c) for c in (row + [""] * width)[:width])
                   + "\n" for row in texts)


def read_workbook(path, sheet=None):
    """The sheets of an Excel workbook as CSV text: a list of (name, text),
    name being the path, or path[SHEET] when the workbook has several
    sheets and none was asked for.  Needs pandas and openpyxl."""
    import pandas as pd
    book = pd.read_excel(path, sheet_name=None if sheet is None else sheet,
                         header=None, dtype=object, engine="openpyxl")
    if sheet is not None:
        return [(path, sheet_to_csv(book.itertuples(index=False)))]
    out = []
    for name, frame in book.items():
        label = path if len(book) == 1 else "%s[%s]" % (path, name)
        out.append((label, sheet_to_csv(frame.itertuples(index=False))))
    return out


def is_excel(path):
    """'xlsx', 'xls' or None, by the first bytes of the file (its suffix
    when it cannot be read)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        low = path.lower()
        return ("xlsx" if low.endswith(EXCEL_SUFFIXES) else
                "xls" if low.endswith(".xls") else None)
    if head[:4] == b"PK\x03\x04":
        return "xlsx"
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    return None


# ---------------------------------------------------------------------------
# Checking

class Result:
    """One checked record: where it came from and its findings.  `source`
    is the input it was read from, as write_report() takes it again: a
    dict of its keyword arguments (one dict for all of an input's
    records)."""
    __slots__ = ("file", "line", "id", "title", "authority", "procedure",
                 "findings", "ok", "source")

    def __init__(self, file, line, rid, fields, procedure, findings,
                 source=None):
        self.source = source
        self.file = file
        self.line = line
        self.id = rid
        self.title = fields.get("title") if fields else None
        self.authority = fields.get("authority") if fields else None
        self.procedure = (fields.get("procedure") if fields else None) \
            or procedure
        self.findings = findings
        self.ok = not any(f.severity == "error" for f in findings)


def _run(it, name, procedure, notes, source=None):
    out = []
    for rid, findings in it:
        out.append(Result(name, it.line, rid, it.record, procedure, findings,
                          source))
    if it.note:
        notes.append(it.note)
    return out, it.unreadable


def check_paths(engine, paths, *, input_format=None, procedure=None,
                ledger_map=None, sheet=None, encoding=None, in_progress=None,
                as_of=None, lang="en"):
    """Check every path (CSV, JSON, JSON Lines, ledgers, Excel workbooks).
    Returns (results, problems, notes, unreadable): the checked records in
    input order, the inputs that could not be read (messages), what the
    readers said of their inputs, and the number of unreadable records."""
    results, problems, notes, unreadable = [], [], [], 0
    proc_key = procedure
    kw = dict(procedure=procedure, in_progress=in_progress, as_of=as_of,
              ledger_map=ledger_map)
    for path in paths:
        kind = is_excel(path) if path != "-" else None
        try:
            if kind == "xls":
                problems.append(_MESSAGES["xls"][lang == "zh"] % path)
                continue
            if kind == "xlsx":
                try:
                    sheets = read_workbook(path, sheet)
                except ImportError:
                    problems.append(_MESSAGES["no_openpyxl"][lang == "zh"]
                                    % path)
                    continue
                except Exception as e:  # whatever openpyxl says of it
                    if sheet is not None and "not found" in str(e):
                        problems.append(_MESSAGES["bad_sheet"][lang == "zh"] %
                                        (path, sheet, ", ".join(
                                            _sheet_names(path))))
                    else:
                        problems.append(_MESSAGES["bad_book"][lang == "zh"] %
                                        (path, e))
                    continue
                for name, text in sheets:
                    it = engine.check_text(text, input_format, name=name, **kw)
                    got, bad = _run(it, name, proc_key, notes,
                                    dict(text=text, name=name))
                    if not got:
                        problems.append(_MESSAGES["no_record"][lang == "zh"]
                                        % name)
                    results.extend(got)
                    unreadable += bad
                continue
            if path == "-":  # read once: the report reads it again
                text = sys.stdin.read()
                it = engine.check_text(text, input_format, name="<stdin>",
                                       **kw)
                source = dict(text=text, name="<stdin>")
            else:
                it = engine.check_file(path, input_format, encoding=encoding,
                                       **kw)
                source = dict(source=path, encoding=encoding)
            got, bad = _run(it, path, proc_key, notes, source)
            if not got:
                problems.append(_MESSAGES["no_record"][lang == "zh"] % path)
            results.extend(got)
            unreadable += bad
        except (OSError, dueproc.Error) as e:
            problems.append(str(e))
    return results, problems, notes, unreadable


def _sheet_names(path):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return wb.sheetnames
    finally:
        wb.close()


# ---------------------------------------------------------------------------
# Findings to Excel

_COLUMNS = ["file", "line", "id", "title", "authority", "procedure", "ok",
            "code", "severity", "step", "other", "event", "rule", "message",
            "basis", "verified"]
_COLUMNS_ZH = ["文件", "行", "编号", "文件名称", "制定机关", "程序", "合规",
               "问题类型", "严重程度", "环节", "相关环节", "事件序号", "规则",
               "说明", "依据", "依据已核实"]


def findings_frame(results, lang="en"):
    """A pandas DataFrame of the findings, one row a finding (a record
    without any has one row with no code), columns as the validator's
    ``-f csv`` plus title and authority (Chinese headers with lang='zh')."""
    import pandas as pd
    rows = []
    for r in results:
        base = [r.file, r.line, r.id, r.title, r.authority, r.procedure, r.ok]
        if not r.findings:
            rows.append(base + [None] * 9)
        for f in r.findings:
            rows.append(base + [f.code, f.severity, f.step, f.other, f.event,
                                f.rule, f.message, f.basis, f.verified])
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    frame["event"] = frame["event"].astype("Int64")
    if lang == "zh":
        frame.columns = _COLUMNS_ZH
    return frame


def findings_to_excel(results, path, lang="en"):
    """Write the findings (sheet 发现 / findings) and one row a record with
    its verdict and counts (sheet 记录 / records) to an Excel workbook."""
    import pandas as pd
    zh = lang == "zh"
    recs = []
    for r in results:
        n_err = sum(1 for f in r.findings if f.severity == "error")
        verdict = ("有错误" if zh else "error") if n_err else \
            ("有警告" if zh else "warning") if r.findings else \
            ("合规" if zh else "compliant")
        recs.append([r.file, r.line, r.id, r.title, r.authority, r.procedure,
                     verdict, n_err, len(r.findings) - n_err])
    cols = (["文件", "行", "编号", "文件名称", "制定机关", "程序", "结论", "错误",
             "警告"] if zh else
            ["file", "line", "id", "title", "authority", "procedure",
             "verdict", "errors", "warnings"])
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        findings_frame(results, lang).to_excel(
            xw, sheet_name="发现" if zh else "findings", index=False)
        pd.DataFrame(recs, columns=cols).to_excel(
            xw, sheet_name="记录" if zh else "records", index=False)


# ---------------------------------------------------------------------------
# The command

def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m " + PROG,
        description="Check ledgers (台账), event logs and record files, Excel "
                    "workbooks included, and print what dueproc-validate "
                    "prints (doc/ledger.md).")
    ap.add_argument("files", nargs="+", metavar="FILE",
                    help=".xlsx/.xlsm workbook, .csv, .json, .jsonl or - ")
    ap.add_argument("-f", "--format", choices=("text", "json"),
                    default="text", help="output (default: text)")
    ap.add_argument("-l", "--lang", choices=("zh", "en"),
                    default=_lang_from_locale(),
                    help="language of the messages (default: zh when the "
                         "locale is zh_*)")
    ap.add_argument("-i", "--input-format",
                    choices=("auto", "json", "jsonl", "csv", "ledger"),
                    default=None, help="as dueproc-validate's (default: auto)")
    ap.add_argument("--ledger-map", metavar="FILE",
                    help="a mapping file for the ledger's columns")
    ap.add_argument("--sheet", metavar="NAME",
                    help="the sheet of the workbooks to read (default: all)")
    ap.add_argument("-r", "--rules", action="append", default=[],
                    metavar="FILE", help="a rule file or overlay (repeatable)")
    ap.add_argument("-p", "--procedure", metavar="NAME",
                    help="the procedure of records that name none")
    ap.add_argument("-e", "--encoding", metavar="NAME",
                    help="encoding of CSV and JSON files (default: guess)")
    ap.add_argument("--xlsx-out", metavar="FILE",
                    help="also write the findings to this Excel workbook")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="text: print only records with an error")
    a = ap.parse_args(argv)

    try:
        import pathlib
        engine = dueproc.Engine(rules=[pathlib.Path(r) for r in a.rules]
                                or None, lang=a.lang)
    except (OSError, dueproc.Error) as e:
        sys.stderr.write("%s: %s\n" % (PROG, e))
        return 2
    procedure = None
    if a.procedure:
        # the report names it by its key, as the validator's does
        procedure = engine.find_procedure(a.procedure)
        if procedure is None:
            sys.stderr.write("%s: unknown procedure '%s' (known: %s)\n"
                             % (PROG, a.procedure,
                                ", ".join(engine.procedures())))
            return 2
    results, problems, notes, unreadable = check_paths(
        engine, a.files, input_format=a.input_format, procedure=procedure,
        ledger_map=a.ledger_map, sheet=a.sheet, encoding=a.encoding,
        lang=a.lang)
    # the report is the library's own writer's (dueproc-validate's, byte
    # for byte): each input written once, in input order
    out = sys.stdout
    seen = set()
    for r in results:
        if r.source is None or id(r.source) in seen:
            continue
        seen.add(id(r.source))
        out.write(engine.write_report(
            format=a.format, lang=a.lang, quiet=a.quiet, procedure=procedure,
            input_format=a.input_format, ledger_map=a.ledger_map,
            **r.source))
    out.flush()
    for n in notes:
        for line in n.splitlines():
            sys.stderr.write("%s: %s\n" % (PROG, line))
    for p in problems:
        sys.stderr.write("%s: %s\n" % (PROG, p))
    if a.xlsx_out:
        try:
            findings_to_excel(results, a.xlsx_out, a.lang)
        except ImportError:
            _say(a.lang, "no_openpyxl", a.xlsx_out)
            return 2
        _say(a.lang, "written", a.xlsx_out,
             len(results), sum(len(r.findings) for r in results))
    if problems or unreadable or not results:
        return 2
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
