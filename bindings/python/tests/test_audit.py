"""Engine.audit_frame: one row per record (compliant ones included) and
the findings keyed to it; check_frame's messages naming the frame's rows
by their index labels."""

import datetime
import os

import pytest

import dueproc

pd = pytest.importorskip("pandas")

FINDING_COLUMNS = ["case_id", "code", "severity", "step", "other", "event",
                   "rule", "message", "basis", "verified"]
RECORD_COLUMNS = ["case_id", "title", "authority", "procedure", "decided",
                  "ok", "errors", "warnings", "findings"]


def events_frame(record, case_id):
    """The record's events as rows of the CSV event log (records.md §5)."""
    rows = []
    for ev in record["events"]:
        row = {"case_id": case_id, "procedure": record["procedure"],
               "title": record.get("title"),
               "authority": record.get("authority")}
        row.update({k: v for k, v in ev.items()
                    if k not in ("feedback_published", "signed")})
        for name, value in record.get("attributes", {}).items():
            row["attr." + name] = value
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture
def log(good_record, faulty_record):
    return pd.concat([events_frame(faulty_record, "f-1"),
                      events_frame(good_record, "g-1")], ignore_index=True)


def test_one_row_per_record(engine, log, good_record):
    records, findings = engine.audit_frame(log)
    assert list(records.columns) == RECORD_COLUMNS
    assert list(findings.columns) == ["record"] + FINDING_COLUMNS
    assert list(records["case_id"]) == ["f-1", "g-1"]
    assert list(records.index) == [0, 1]
    assert records["ok"].dtype == bool
    for c in ("errors", "warnings", "findings"):
        assert records[c].dtype == "int64"
    assert str(records["decided"].dtype) == "datetime64[ns]"
    assert findings["record"].dtype == "int64"
    f1, g1 = records.iloc[0], records.iloc[1]
    assert not f1["ok"] and f1["errors"] > 0
    # the compliant record has its row, with no error
    assert g1["ok"] and g1["errors"] == 0
    assert g1["title"] == good_record["title"]
    assert g1["authority"] == good_record["authority"]
    assert g1["procedure"] == "normative_document"


def test_counts_are_the_findings(engine, log):
    records, findings = engine.audit_frame(log)
    n = findings.groupby("record").size().reindex(records.index,
                                                  fill_value=0)
    assert list(records["findings"]) == list(n)
    sev = findings.groupby(["record", "severity"]).size()
    for pos, row in records.iterrows():
        assert row["errors"] == sev.get((pos, "error"), 0)
        assert row["warnings"] == sev.get((pos, "warning"), 0)
        assert row["errors"] + row["warnings"] == row["findings"]
        assert row["ok"] == (row["errors"] == 0)


def test_keys_join(engine, log):
    records, findings = engine.audit_frame(log)
    joined = findings.join(records[["case_id", "authority"]], on="record",
                           rsuffix="_r")
    assert (joined["case_id"] == joined["case_id_r"]).all()
    assert joined["authority"].notna().all()
    m = findings.merge(records, left_on="record", right_index=True,
                       suffixes=("", "_r"))
    assert len(m) == len(findings)


def test_findings_are_check_frames(engine, log):
    """check_frame is unchanged: audit_frame's findings without the key."""
    records, findings = engine.audit_frame(log)
    pd.testing.assert_frame_equal(findings.drop(columns="record"),
                                  engine.check_frame(log))
    assert list(engine.check_frame(log).columns) == FINDING_COLUMNS


def test_decision_dates(engine, log):
    records, _ = engine.audit_frame(log)
    # the first collective decision (procedures.md §0)
    assert list(records["decided"]) == [pd.Timestamp("2022-04-02"),
                                        pd.Timestamp("2022-04-28")]
    undated = pd.DataFrame({"case_id": ["u-1"], "procedure":
                            ["normative_document"],
                            "step": ["assessment"], "date": [""]})
    records, _ = engine.audit_frame(undated)
    assert pd.isna(records["decided"].iloc[0])
    assert str(records["decided"].dtype) == "datetime64[ns]"


def test_empty(engine):
    records, findings = engine.audit_frame(
        pd.DataFrame(columns=["case_id", "step", "date"]))
    assert list(records.columns) == RECORD_COLUMNS and len(records) == 0
    assert list(findings.columns) == ["record"] + FINDING_COLUMNS
    assert len(findings) == 0


def test_options(engine, log):
    part = log[log["step"].isin(["assessment", "fair_competition_review",
                                 "public_comment"])].drop(
        columns="procedure")
    records, _ = engine.audit_frame(part)
    assert list(records["procedure"]) == [None, None]
    records, findings = engine.audit_frame(
        part, procedure="行政规范性文件", in_progress=True,
        as_of=datetime.date(2022, 4, 6))
    assert list(records["procedure"]) == ["normative_document"] * 2
    assert (records["findings"] == findings.groupby("record").size()
            .reindex(records.index, fill_value=0)).all()
    pd.testing.assert_frame_equal(
        findings.drop(columns="record"),
        engine.check_frame(part, procedure="行政规范性文件", in_progress=True,
                           as_of=datetime.date(2022, 4, 6)))


def test_a_file(engine, records_dir):
    """A path is read as check_file reads it: the same records, in order."""
    path = records_dir + "/nd-faulty.jsonl"
    records, findings = engine.audit_frame(path)
    pairs = list(engine.check_file(path))
    assert list(records["case_id"]) == [rid for rid, _ in pairs]
    assert list(records["findings"]) == [len(fs) for _, fs in pairs]
    want = [(pos, f.code, f.rule) for pos, (_, fs) in enumerate(pairs)
            for f in fs]
    assert list(zip(findings["record"], findings["code"],
                    findings["rule"])) == want


def test_not_a_source(engine):
    with pytest.raises(TypeError, match="DataFrame or a path"):
        engine.audit_frame([{"case_id": "x"}])
    with pytest.raises(TypeError, match="check_frame.*DataFrame"):
        engine.check_frame("log.csv")


# --- messages about cells name the frame's rows -------------------------

def bad_date_frame(good_record):
    df = events_frame(good_record, "g-1")
    df.loc[4, "date"] = "2022-02-30"        # the collective decision
    return df


def malformed(out):
    return [m for c, m in zip(out["code"], out["message"])
            if c == "malformed"]


@pytest.mark.parametrize("shift", [0, 100])
def test_messages_name_integer_rows(engine_en, good_record, shift):
    df = bad_date_frame(good_record)
    df.index = df.index + shift
    msgs = malformed(engine_en.check_frame(df))
    # events[i] counts the record's events in date order, the bad one last
    assert len(msgs) == 1
    assert msgs[0].startswith("<DataFrame>[%d]: events[" % (4 + shift))
    assert msgs[0].endswith("].date: invalid date '2022-02-30'")
    _, findings = engine_en.audit_frame(df)
    assert malformed(findings) == msgs


def test_messages_name_string_rows(engine, good_record):
    df = bad_date_frame(good_record)
    df.index = ["row-%s" % chr(ord("a") + i) for i in range(len(df))]
    msgs = malformed(engine.check_frame(df))
    assert len(msgs) == 1 and msgs[0].startswith("<DataFrame>[row-e]: ")


def test_messages_after_a_new_line_in_a_cell(engine_en, good_record):
    df = bad_date_frame(good_record)
    # quoted new lines before the bad row move its CSV line, not its label
    df.loc[1, "title"] = "line one\nline two\r\nline three"
    df.loc[4, "authority"] = "a\nb"
    df.index = df.index + 10
    msgs = malformed(engine_en.check_frame(df))
    assert len(msgs) == 1 and msgs[0].startswith("<DataFrame>[14]: ")
    # and a bad row after the cell
    df.loc[16, "date"] = "2022-13-01"
    msgs = malformed(engine_en.check_frame(df))
    assert [m.split(":")[0] for m in msgs] == ["<DataFrame>[14]",
                                               "<DataFrame>[16]"]


def test_rows_in_any_order_keep_their_labels(engine_en, good_record):
    df = bad_date_frame(good_record).iloc[::-1]
    msgs = malformed(engine_en.check_frame(df))
    assert len(msgs) == 1 and msgs[0].startswith("<DataFrame>[4]: ")


def test_audit_frame_does_not_leak(engine, good_record, records_dir,
                                   leakcheck):
    df = bad_date_frame(good_record)
    df.index = ["r%d" % i for i in range(len(df))]
    leakcheck(lambda: engine.audit_frame(df), batch=100)
    leakcheck(lambda: engine.audit_frame(records_dir + "/nd-faulty.jsonl"),
              batch=100)


# --- examples/analyst.py: the records frame and a chart in Chinese -------

def test_analyst_chart_has_every_glyph(tmp_path, srcdir, records_dir):
    """The analyst example charts Chinese authority names with a CJK font
    and matplotlib warns about no missing glyph."""
    import importlib.util
    import re
    import subprocess
    import sys
    pytest.importorskip("matplotlib")
    script = os.path.join(srcdir, "examples", "analyst.py")
    spec = importlib.util.spec_from_file_location("analyst", script)
    analyst = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(analyst)
    if analyst.cjk_font() is None:
        pytest.skip("no CJK font for matplotlib (Debian: apt-get install "
                    "fonts-noto-cjk; scripts/install-deps.sh)")
    png = tmp_path / "chart.png"
    env = dict(os.environ, MPLBACKEND="Agg", MPLCONFIGDIR=str(tmp_path))
    # -W always: every warning printed, none folded into an earlier one
    p = subprocess.run([sys.executable, "-W", "always", script, "--chart",
                        str(png), records_dir], capture_output=True,
                       text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    assert not re.search(r"Glyph \d+ .*missing", p.stderr), p.stderr
    assert "no CJK font" not in p.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "平顶山市人民政府" in p.stdout
