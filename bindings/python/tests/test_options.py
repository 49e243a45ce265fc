"""The options of a check: procedure= (records.md §8.10), in_progress= and
as_of= (§8.6), on check, check_json, check_file and check_frame, and their
agreement with the validator's -p, --in-progress and --as-of."""

import copy
import datetime
import json
import os
import subprocess

import pytest

import dueproc

# Begun: assessed, comment period held; nothing else yet.  As finished it
# misses four steps; in progress, none is due.
BEGUN = {
    "id": "ip-1",
    "title": "办理中",
    "events": [
        {"step": "assessment", "date": "2023-03-01"},
        {"step": "public_comment", "start": "2023-03-06", "end": "2023-04-07"},
    ],
}

# Published on 2023-04-20 and not filed: overdue from 2023-05-23 on.
PUBLISHED = {
    "id": "ip-2",
    "procedure": "normative_document",
    "doc_number": "平政〔2023〕5号",
    "valid_until": "2028-04-19",
    "events": [
        {"step": "assessment", "date": "2023-03-01"},
        {"step": "public_comment", "start": "2023-03-06", "end": "2023-04-07"},
        {"step": "legality_review", "start": "2023-04-10",
         "end": "2023-04-14", "result": "pass"},
        {"step": "collective_decision", "date": "2023-04-18",
         "meeting": "市政府常务会议"},
        {"step": "publication", "date": "2023-04-20"},
    ],
}

CALLS = ("check", "check_json")


def call(engine, how, record, **kw):
    if how == "check":
        return engine.check(record, **kw)
    return engine.check_json(json.dumps(record, ensure_ascii=False), **kw)


def codes(findings):
    return sorted((f.code, f.step) for f in findings)


# --- procedure= ---------------------------------------------------------------

@pytest.mark.parametrize("how", CALLS)
def test_no_procedure_is_invalid_without_the_option(engine_en, how):
    fs = call(engine_en, how, BEGUN)
    assert [f.code for f in fs] == ["invalid_record"]
    assert "the record has no procedure" in fs[0].message


@pytest.mark.parametrize("how", CALLS)
@pytest.mark.parametrize("name,key", [
    ("normative_document", "normative_document"),
    ("行政规范性文件", "normative_document"),
    ("administrative normative document", "normative_document"),
    ("Administrative Normative Document", "normative_document"),
    ("major_decision", "major_decision"),
    ("重大行政决策", "major_decision"),
    ("major administrative decision", "major_decision"),
])
def test_procedure_fills_in(engine, how, name, key):
    want = engine.check(dict(BEGUN, procedure=key))
    got = call(engine, how, BEGUN, procedure=name)
    assert got == want
    assert "invalid_record" not in [f.code for f in got]
    # None and a missing key are the same
    assert call(engine, how, dict(BEGUN, procedure=None),
                procedure=name) == want


@pytest.mark.parametrize("how", CALLS)
def test_procedure_keeps_the_records_own(engine, how):
    md = dict(BEGUN, procedure="major_decision")
    want = engine.check(md)
    assert call(engine, how, md, procedure="行政规范性文件") == want
    assert call(engine, how, md, procedure="normative_document") == want
    # an unknown procedure of the record's own stays its own too
    odd = dict(BEGUN, procedure="licensing")
    fs = call(engine, how, odd, procedure="normative_document")
    assert [f.code for f in fs] == ["invalid_record"]


def test_procedure_errors(engine):
    with pytest.raises(ValueError) as e:
        engine.check(BEGUN, procedure="行政许可")
    assert "行政许可" in str(e.value)
    assert "normative_document (行政规范性文件)" in str(e.value)
    assert "major_decision (重大行政决策)" in str(e.value)
    with pytest.raises(TypeError):
        engine.check(BEGUN, procedure=1)
    with pytest.raises(ValueError):
        engine.check(BEGUN, procedure="nor\0mative_document")
    with pytest.raises(TypeError):  # keyword-only
        engine.check(BEGUN, "normative_document")


def test_procedure_of_a_rule_file():
    rules = ('procedure permit "行政许可" "administrative permit"\n'
             'rule p.filing\n  require filing\n  basis "示例"\nend\n')
    eng = dueproc.Engine(rules=rules, lang="en")
    fs = eng.check(BEGUN, procedure="行政许可")
    assert [(f.code, f.step, f.rule) for f in fs] == [
        ("missing", "filing", "p.filing")]
    assert eng.check(BEGUN, procedure="Administrative Permit") == fs


def test_procedure_on_files(engine, tmp_path):
    recs = [BEGUN, dict(copy.deepcopy(BEGUN), id="ip-md",
                        procedure="major_decision")]
    want = [(r["id"], engine.check(r, procedure="normative_document"))
            for r in recs]
    jl = tmp_path / "r.jsonl"
    jl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs)
                  + "\n", encoding="utf-8")
    arr = tmp_path / "r.json"
    arr.write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    for p in (jl, arr):
        assert list(engine.check_file(p, procedure="行政规范性文件")) == want
        # without it (the message of the first names the file and line)
        assert [(rid, codes(fs)) for rid, fs in engine.check_file(p)] == [
            (r["id"], codes(engine.check(r))) for r in recs]
    # a CSV log without a procedure column, and one whose cell is empty
    csv = tmp_path / "r.csv"
    csv.write_text("case_id,procedure,step,date,start,end\n"
                   "ip-1,,assessment,2023-03-01,,\n"
                   "ip-1,,public_comment,,2023-03-06,2023-04-07\n"
                   "ip-md,major_decision,assessment,2023-03-01,,\n"
                   "ip-md,major_decision,public_comment,,2023-03-06,"
                   "2023-04-07\n", encoding="utf-8")
    got = list(engine.check_file(csv, procedure="normative_document"))
    assert [(rid, codes(fs)) for rid, fs in got] == [
        (rid, codes(fs)) for rid, fs in want]
    with pytest.raises(ValueError):
        engine.check_file(csv, procedure="nothing")


def test_procedure_on_frames(engine):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([
        {"case_id": "ip-1", "step": "assessment", "date": "2023-03-01"},
        {"case_id": "ip-1", "step": "public_comment", "start": "2023-03-06",
         "end": "2023-04-07"}])
    out = engine.check_frame(df)
    assert list(out["code"]) == ["invalid_record"]
    out = engine.check_frame(df, procedure="重大行政决策")
    want = engine.check(dict(BEGUN), procedure="major_decision")
    assert list(out["rule"]) == [f.rule for f in want]
    assert list(out["code"]) == [f.code for f in want]


# --- in_progress=, as_of= ---------------------------------------------------------

@pytest.mark.parametrize("how", CALLS)
def test_in_progress(engine, how):
    nd = dict(BEGUN, procedure="normative_document")
    finished = call(engine, how, nd)
    assert {f.code for f in finished} == {"missing"}
    for kw in ({"in_progress": True},
               {"in_progress": True, "as_of": "2023-05-01"},
               {"in_progress": True, "as_of": datetime.date(2023, 5, 1)},
               {"in_progress": True,
                "as_of": datetime.datetime(2023, 5, 1, 23, 59)},
               {"in_progress": 1, "as_of": datetime.date(2030, 1, 1)}):
        assert call(engine, how, nd, **kw) == [], kw
    assert call(engine, how, nd, in_progress=False) == finished
    assert call(engine, how, nd, in_progress=None) == finished
    # as_of alone is the day of the check, not "unfinished"
    assert call(engine, how, nd, as_of="2023-05-01") == finished
    assert call(engine, how, nd, in_progress=False,
                as_of="2023-05-01") == finished


@pytest.mark.parametrize("how", CALLS)
def test_as_of_decides_what_is_due(engine_en, how):
    assert call(engine_en, how, PUBLISHED, in_progress=True,
                as_of="2023-05-10") == []
    fs = call(engine_en, how, PUBLISHED, in_progress=True,
              as_of="2023-06-01")
    assert codes(fs) == [("overdue", "filing")]
    assert "2023-06-01" in fs[0].message


def test_in_progress_defaults_to_today(engine):
    today = datetime.date.today()
    assert engine.check(PUBLISHED, in_progress=True) == engine.check(
        PUBLISHED, in_progress=True, as_of=today)
    assert engine.check(PUBLISHED, in_progress=True) == engine.check(
        PUBLISHED, in_progress=True, as_of=today.isoformat())


def test_as_of_errors(engine):
    for bad in ("2023-5-1", "2023/05/01", "2023-02-30", "2023-13-01",
                "20230501", "", "today", "2023-05-01T00:00"):
        with pytest.raises(ValueError) as e:
            engine.check(PUBLISHED, as_of=bad)
        assert repr(bad) in str(e.value)
    for bad in (20230501, 1.5, b"2023-05-01", ["2023-05-01"]):
        with pytest.raises(TypeError):
            engine.check(PUBLISHED, as_of=bad)


def test_in_progress_on_files_and_frames(engine, tmp_path):
    recs = [dict(BEGUN, procedure="normative_document"), PUBLISHED]
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs),
                 encoding="utf-8")
    for as_of in ("2023-05-10", "2023-06-01"):
        want = [(r["id"], engine.check(r, in_progress=True, as_of=as_of))
                for r in recs]
        assert list(engine.check_file(p, in_progress=True,
                                      as_of=as_of)) == want
        assert list(engine.check_file(p, "jsonl", in_progress=True,
                                      as_of=as_of)) == want
    pd = pytest.importorskip("pandas")
    rows = [dict(case_id="ip-2", procedure="normative_document",
                 doc_number=PUBLISHED["doc_number"],
                 valid_until=PUBLISHED["valid_until"], **ev)
            for ev in PUBLISHED["events"]]
    df = pd.DataFrame(rows)
    assert len(engine.check_frame(df, in_progress=True,
                                  as_of="2023-05-10")) == 0
    out = engine.check_frame(df, in_progress=True, as_of="2023-06-01")
    assert list(out["code"]) == ["overdue"]


# --- the same verdicts as the validator --------------------------------------------

def run_validator(validator, args):
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run([validator, "--format=json", "--lang=en",
                        "--no-progress"] + args,
                       capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode in (0, 1, 2), p.stderr
    return p, [json.loads(line) for line in p.stdout.splitlines()]


def test_same_as_validator(engine_en, validator, tmp_path):
    if validator is None:
        pytest.skip("examples/dueproc-validate is not built")
    recs = [BEGUN, PUBLISHED, dict(BEGUN, id="ip-3",
                                   procedure="major_decision")]
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs),
                 encoding="utf-8")
    for args, kw in (([], {}),
                     (["-p", "行政规范性文件"], {"procedure": "行政规范性文件"}),
                     (["--procedure=major_decision", "--as-of", "2023-06-01"],
                      {"procedure": "major_decision", "as_of": "2023-06-01"}),
                     (["--in-progress", "-p", "重大行政决策"],
                      {"procedure": "重大行政决策", "in_progress": True})):
        proc, want = run_validator(validator, args + [str(p)])
        got = [{"id": rid, "findings": [f.to_dict() for f in fs]}
               for rid, fs in engine_en.check_file(p, **kw)]
        assert got == [{"id": w["id"], "findings": w["findings"]}
                       for w in want], args
        # the hint for records without a procedure, only without -p
        assert ("-p/--procedure" in proc.stderr) == (not kw.get("procedure"))
