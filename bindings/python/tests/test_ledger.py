"""Ledgers (台账, doc/ledger.md) from Python: check_file and check_text with
format='ledger' and ledger_map=, check_frame on a ledger DataFrame, and
``python3 -m dueproc_cli`` on the shipped workbook giving exactly what the
validator gives for its CSV."""

import os
import subprocess
import sys

import pytest

import dueproc

LEDGER_CSV = "ledger-qingchuan.csv"
LEDGER_XLSX = "ledger-qingchuan.xlsx"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def rules_of(findings):
    return [f.rule for f in findings]


def test_sample_ledger_by_header(engine, records_dir):
    # judged on a fixed day: the sample states validities that run out
    it = engine.check_file(os.path.join(records_dir, LEDGER_CSV),
                           as_of="2026-12-01")
    got = list(it)
    assert len(got) == 22
    assert it.unreadable == 0
    assert it.note is None
    byid = dict(got)
    assert byid["qc-nd-01"] == []
    assert rules_of(byid["qc-nd-03"]) == ["nd.comment", "nd.validity-stated"]
    assert "md.risk-controllable" in rules_of(byid["qc-md-03"])
    assert "record.date" in rules_of(byid["qc-md-08"])


def test_format_ledger_and_map(engine_en, tmp_path):
    p = write(tmp_path, "l.csv",
              "编号,文件类型,公布日期,备按日期\n"
              "a,行政规范性文件,2023-04-10,2023-04-20\n")
    it = engine_en.check_file(p, "ledger")
    (rid, findings), = list(it)
    assert rid == "a"
    assert "record.field" in rules_of(findings)
    assert "did you mean '备案日期'?" in it.note
    m = write(tmp_path, "b.map", "column 备按日期 filing date\n")
    it = engine_en.check_file(p, "ledger", ledger_map=m)
    (rid, findings), = list(it)
    assert "record.field" not in rules_of(findings)
    assert it.note is None
    with pytest.raises(dueproc.Error) as e:
        engine_en.check_file(p, "ledger",
                             ledger_map=write(tmp_path, "bad.map",
                                              "step filling 备\n"))
    assert "unknown step 'filling'" in str(e.value)
    with pytest.raises(OSError):
        engine_en.check_file(p, "ledger", ledger_map=tmp_path / "no.map")
    with pytest.raises(ValueError):
        engine_en.check_file(p, "xlsx")


def test_check_text_names_its_input(engine_en):
    it = engine_en.check_text("编号,公布日期\nb,2023-02-30\n", name="台账.xlsx",
                              procedure="normative_document")
    (rid, findings), = list(it)
    f = [f for f in findings if f.rule == "record.date"][0]
    assert f.message.startswith("台账.xlsx:2: column B '公布日期'")
    assert it.line == 2
    with pytest.raises(TypeError):
        engine_en.check_text(42)


def test_check_frame_ledger(engine, records_dir):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(os.path.join(records_dir, LEDGER_CSV), dtype=str,
                     keep_default_na=False)
    want = {rid: rules_of(fs) for rid, fs in
            engine.check_file(os.path.join(records_dir, LEDGER_CSV))}
    for fmt in ("ledger", "auto"):
        out = engine.check_frame(df, format=fmt)
        got = {}
        for rid, rule in zip(out["case_id"], out["rule"]):
            got.setdefault(rid, []).append(rule)
        # record.* messages name <DataFrame>: the rules agree
        assert got == {k: v for k, v in want.items() if v}
    with pytest.raises(dueproc.Error):
        engine.check_frame(df)  # an event log has a date column
    with pytest.raises(ValueError):
        engine.check_frame(df, format="json")


def _cli(args, env_extra=None):
    env = dict(os.environ)
    env.pop("LC_ALL", None)
    env.pop("LANG", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "dueproc_cli"] + args,
                          capture_output=True, text=True, env=env)


@pytest.mark.parametrize("lang,fmt", [("zh", "text"), ("en", "text"),
                                      ("zh", "json")])
def test_workbook_as_its_csv(records_dir, validator, lang, fmt):
    """The workbook through python3 -m dueproc_cli and its CSV through the
    validator: the same verdicts, findings and messages, byte for byte (the
    file name aside)."""
    pytest.importorskip("openpyxl", reason="openpyxl is missing (Debian: "
                        "python3-openpyxl): the workbook cannot be read")
    pytest.importorskip("pandas")
    if not validator:
        pytest.skip("the validator is not built")
    csv = os.path.join(records_dir, LEDGER_CSV)
    xlsx = os.path.join(records_dir, LEDGER_XLSX)
    v = subprocess.run([validator, "--lang", lang, "-f", fmt, csv],
                       capture_output=True, text=True)
    c = _cli(["--lang", lang, "-f", fmt, xlsx])
    assert v.returncode == 1 and c.returncode == 1, c.stderr
    assert c.stdout == v.stdout.replace(LEDGER_CSV, LEDGER_XLSX)
    assert c.stdout.count("\n") >= 22


def test_cli_xlsx_out_and_errors(records_dir, tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("openpyxl", reason="openpyxl is missing")
    out = tmp_path / "findings.xlsx"
    c = _cli(["--lang", "zh", "--xlsx-out", str(out),
              os.path.join(records_dir, LEDGER_XLSX)])
    assert c.returncode == 1
    book = pd.read_excel(out, sheet_name=None)
    assert set(book) == {"发现", "记录"}
    recs = book["记录"]
    assert len(recs) == 22
    assert (recs["结论"] == "合规").sum() == 7
    assert list(book["发现"].columns[:4]) == ["文件", "行", "编号", "文件名称"]
    # not a workbook, an old .xls, no such sheet: said, exit 2
    bad = write(tmp_path, "bad.xlsx", "PK\x03\x04 not really")
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    c = _cli(["--lang", "en", str(bad), str(xls)])
    assert c.returncode == 2
    assert "cannot read the workbook" in c.stderr
    assert "Excel 97-2003 workbook (.xls)" in c.stderr
    c = _cli(["--lang", "en", "--sheet", "nope",
              os.path.join(records_dir, LEDGER_XLSX)])
    assert c.returncode == 2 and "no sheet named 'nope'" in c.stderr


def test_cell_text():
    import datetime
    import dueproc_cli as cli
    assert cli.cell_text(None) == ""
    assert cli.cell_text(float("nan")) == ""
    assert cli.cell_text(datetime.datetime(2023, 2, 1)) == "2023-02-01"
    assert cli.cell_text(datetime.datetime(2023, 2, 1, 9, 30)) == \
        "2023-02-01 09:30"
    assert cli.cell_text(datetime.date(2023, 2, 1)) == "2023-02-01"
    assert cli.cell_text(45000.0) == "45000"
    assert cli.cell_text(True) == "true"
    assert cli.cell_text("a\nb") == "a b"
    assert cli.sheet_to_csv([["编号", "x,y", None], ["1", 'q"', None],
                             [None, None, None]]) == \
        '编号,"x,y"\n1,"q"""\n'


def test_cli_procedure_by_title(records_dir, validator, tmp_path):
    """-p by its title: the report names the key, as the validator's."""
    if not validator:
        pytest.skip("the validator is not built")
    p = write(tmp_path, "l.csv", "编号,公布日期\na,2023-04-10\n")
    v = subprocess.run([validator, "--lang", "en", "-p", "重大行政决策",
                        str(p)], capture_output=True, text=True)
    c = _cli(["--lang", "en", "-p", "重大行政决策", str(p)])
    assert c.stdout == v.stdout and "[major_decision]" in c.stdout
    assert c.returncode == v.returncode
    c = _cli(["--lang", "en", "-p", "nope", str(p)])
    assert c.returncode == 2 and "unknown procedure 'nope'" in c.stderr


def test_find_procedure(engine):
    assert engine.find_procedure("重大行政决策") == "major_decision"
    assert engine.find_procedure("normative_document") == "normative_document"
    assert engine.find_procedure("nope") is None
