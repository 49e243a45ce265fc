"""The report writer from Python: Engine.write_report and
Engine.report_html print what dueproc-validate prints, through the same C
writer (doc/report.md)."""

import glob
import html
import json
import os
import subprocess

import pytest

import dueproc


def run_validator(validator, args):
    env = dict(os.environ, LC_ALL="C", NO_COLOR="1")
    p = subprocess.run([validator, "--no-progress", "-j", "1"] + args,
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode in (0, 1, 2), p.stderr
    return p


def sample_files(records_dir):
    # the workbook is python3 -m dueproc_cli's (test_ledger.py), not a file
    # the library reads
    return sorted(f for f in glob.glob(os.path.join(records_dir, "*"))
                  if os.path.isfile(f) and not f.endswith(".xlsx"))


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_same_as_validator(validator, records_dir, fmt, lang):
    if not validator:
        pytest.skip("the validator is not built")
    engine = dueproc.Engine(lang=lang)
    for path in sample_files(records_dir):
        if path.endswith("broken.jsonl"):
            continue  # its unreadable lines end the validator's output alike,
            # but the reader's messages name the file: compared below
        want = run_validator(validator, ["-f", fmt, "--lang", lang, path])
        got = engine.write_report(path, fmt)
        assert got == want.stdout, path


def test_bom(records_dir):
    engine = dueproc.Engine()
    path = os.path.join(records_dir, "md-cases.json")
    plain = engine.write_report(path, "csv")
    bom = engine.write_report(path, "csv", bom=True)
    assert not plain.startswith("\ufeff")
    assert bom == "\ufeff" + plain
    assert bom.encode("utf-8").startswith(b"\xef\xbb\xbffile,line,id,")
    with pytest.raises(ValueError):
        engine.write_report(path, "xml")


def test_dicts_and_summary(good_record):
    engine = dueproc.Engine(lang="en")
    # an authority the issuer is told from (a 人民政府: the government)
    auth = "平顶山市人民政府"
    bad = dict(good_record, id="bad", authority=auth, events=[])
    good = dict(good_record, authority=auth)
    # compliant: its one finding is the warning that it states no validity
    assert [f.rule for f in engine.check(good)] == ["nd.validity-stated"]
    lines = engine.write_report([good, bad], "json").splitlines()
    assert [json.loads(x)["id"] for x in lines] == [good["id"], "bad"]
    # text of a dict names no file
    text = engine.write_report([bad])
    assert text.startswith("✗ bad  ") and "(:" not in text
    s = json.loads(engine.write_report([good, bad], "json", summary=True))
    assert s["records"] == 2 and s["compliant"] == 1 and s["rate"] == 0.5
    assert s["by_authority"] == [{"authority": auth, "records": 2,
                                  "compliant": 1, "rate": 0.5,
                                  "findings": s["findings"]}]
    assert {r["rule"] for r in s["by_rule"]} >= {"nd.comment"}
    assert all(r["summary"] for r in s["by_rule"] if r["rule"].startswith("nd."))
    csv = engine.write_report([good, bad], "csv", summary=True)
    assert csv.splitlines()[0] == \
        "section,key,records,compliant,rate,findings,description"
    with pytest.raises(TypeError):
        engine.write_report(good)  # one dict, not a list of them
    with pytest.raises(TypeError):
        engine.write_report([good, 3])


def test_report_html(records_dir, validator):
    engine = dueproc.Engine()
    page = engine.report_html(records_dir + "/md-cases.json")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert '<b id="n-records">10</b>' in page
    if validator:
        want = run_validator(validator, ["-f", "html", "--lang", "zh",
                                         records_dir + "/md-cases.json"])
        assert page == want.stdout
    en = engine.report_html(records_dir + "/md-cases.json", lang="en")
    assert '<html lang="en">' in en and "Findings by rule" in en


def test_report_html_escapes(good_record):
    engine = dueproc.Engine()
    rec = dict(good_record, id='<b id="x">', title="<script>alert(1)</script>",
               authority="机关 & <i>", events=[])
    page = engine.report_html([rec])
    assert "<script>alert" not in page and '<b id="x">' not in page
    assert html.escape("<script>alert(1)</script>") in page
    assert "机关 &amp; &lt;i&gt;" in page
    assert page.count("<details") == 1


def test_text_in_memory_and_quiet(records_dir, validator):
    """text= with name= writes what the validator writes for the same file
    (its name aside); quiet=True keeps the records with an error only, as
    --quiet does."""
    if not validator:
        pytest.skip("the validator is not built")
    path = os.path.join(records_dir, "ledger-qingchuan.csv")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    engine = dueproc.Engine(lang="zh")
    for quiet in (False, True):
        args = [validator, "--lang", "zh", "--as-of", "2026-12-01", path]
        if quiet:
            args.insert(1, "--quiet")
        want = subprocess.run(args, capture_output=True, text=True).stdout
        got = engine.write_report(text=text, name="台账.csv", quiet=quiet,
                                  as_of="2026-12-01")
        assert got == want.replace(path, "台账.csv")
    assert "✓" not in engine.write_report(text=text, quiet=True)
    with pytest.raises(TypeError):
        engine.write_report(path, text=text)
    with pytest.raises(TypeError):
        engine.write_report()
