"""dueproc.Engine: construction, rule files and overlays, rules(),
RuleError with source/line/column."""

import os
import pathlib

import pytest

import dueproc

OVERLAY = os.path.join("examples", "overlays", "example-district.rules")

LOCAL = """\
procedure local "地方程序" "local procedure"
rule local.assess
  summary zh "应当评估"
  summary en "must assess"
  require assessment
  severity warning
  basis "本地规定"
  verified no
end
"""

BAD_UNIT = """\
overlay normative_document "x"

rule nd.filing-30d
  deadline filing within 15 dayz after publication
end
"""


def test_defaults(engine):
    assert engine.procedures() == ["normative_document", "major_decision",
                                   "regulation", "enforcement_decision",
                                   "administrative_agreement"]
    assert engine.lang == "zh"
    assert engine.sources == ()
    assert "procedures=5" in repr(engine)


def test_lang():
    assert dueproc.Engine(lang="en").lang == "en"
    for bad in ("fr", "", "ZH", None, 1):
        with pytest.raises(ValueError, match="lang"):
            dueproc.Engine(lang=bad)


def test_rule_text_adds_procedure():
    e = dueproc.Engine(rules=LOCAL)
    assert e.procedures()[-1] == "local"
    assert e.sources == ("<string>",)
    f = e.check({"id": "l-1", "procedure": "local", "events": []})
    assert [(x.code, x.step, x.rule, x.severity, x.verified) for x in f] == [
        ("missing", "assessment", "local.assess", "warning", False)]


def test_overlay_file_by_str_and_pathlike(srcdir):
    path = os.path.join(srcdir, OVERLAY)
    for arg in (path, pathlib.Path(path), [pathlib.Path(path)]):
        e = dueproc.Engine(rules=arg)
        assert e.sources == (path,)
        r = [x for x in e.rules() if x["id"] == "nd.filing-30d"]
        assert len(r) == 1 and r[0]["confidence"] == "reported"
        assert "15" in r[0]["summary"]


def test_list_of_files_and_texts(srcdir):
    path = os.path.join(srcdir, OVERLAY)
    e = dueproc.Engine(rules=[path, LOCAL])
    assert e.sources == (path, "<rules[1]>")
    assert "local" in e.procedures()
    assert dueproc.Engine(rules=[]).sources == ()
    assert dueproc.Engine(rules=()).sources == ()


def test_overlay_changes_verdict(srcdir, good_record):
    # filed 14 days after publication: fine by default (30 days) and by the
    # overlay (15 days); 20 days: fine by default only
    e = dueproc.Engine(rules=os.path.join(srcdir, OVERLAY))
    good_record["events"][6]["date"] = "2022-05-26"
    assert [f for f in dueproc.Engine().check(good_record)
            if f.code == "overdue"] == []
    over = [f for f in e.check(good_record) if f.code == "overdue"]
    assert len(over) == 1 and over[0].step == "filing"
    assert over[0].other == "publication"


def test_rule_error_line_column():
    with pytest.raises(dueproc.RuleError) as ei:
        dueproc.Engine(rules=BAD_UNIT)
    e = ei.value
    assert isinstance(e, dueproc.Error)
    assert (e.source, e.line, e.column) == ("<string>", 4, 29)
    assert e.code == "DP_ESYNTAX"
    assert "dayz" in e.text
    assert str(e) == "<string>:4:29: " + e.text


def test_rule_error_in_list_and_file(tmp_path):
    with pytest.raises(dueproc.RuleError) as ei:
        dueproc.Engine(rules=[LOCAL, 'procedure p "p" "p"\nrule p.a\n'
                              '  require nosuchstep\n  basis "b"\nend\n'])
    assert (ei.value.source, ei.value.line, ei.value.column) == (
        "<rules[1]>", 3, 11)
    assert ei.value.code == "DP_ERULE"
    bad = tmp_path / "bad.rules"
    bad.write_text(BAD_UNIT, encoding="utf-8")
    with pytest.raises(dueproc.RuleError) as ei:
        dueproc.Engine(rules=str(bad))
    assert (ei.value.source, ei.value.line, ei.value.column) == (
        str(bad), 4, 29)
    assert str(ei.value).startswith(str(bad) + ":4:29: ")


def test_unclosed_rule_reports_where_it_opened():
    with pytest.raises(dueproc.RuleError) as ei:
        dueproc.Engine(rules='procedure p "p" "p"\nrule p.a\n'
                       '  require assessment\n  basis "b"\n')
    assert ei.value.line == 2 and "not closed" in str(ei.value)


def test_missing_files():
    with pytest.raises(FileNotFoundError):
        dueproc.Engine(rules="no/such/file.rules")
    with pytest.raises(FileNotFoundError):
        dueproc.Engine(rules=pathlib.Path("no/such/file"))


def test_rules_argument_types():
    for bad in (1, 2.5, {"a": 1}, [None], [1]):
        with pytest.raises(TypeError):
            dueproc.Engine(rules=bad)
    with pytest.raises(ValueError):
        dueproc.Engine(rules="procedure\0")


def test_rules_listing(engine, engine_en):
    rules = engine.rules()
    assert len(rules) > 20
    keys = ["id", "procedure", "severity", "kind", "basis", "confidence",
            "summary", "check", "condition", "origin", "bases"]
    for r in rules:
        assert list(r) == keys
        assert r["procedure"] in ("normative_document", "major_decision",
                                  "regulation", "enforcement_decision",
                                  "administrative_agreement")
        assert r["severity"] in ("error", "warning")
        assert r["confidence"] in ("verified", "reported")
        assert r["kind"] in ("require", "order", "period", "deadline",
                             "veto", "doc-number", "notice", "wait",
                             "validity")
        assert r["basis"]
    ids = [r["id"] for r in rules]
    assert len(set(ids)) == len(ids)
    assert "nd.review-before-decision" in ids
    assert any(r["confidence"] == "reported" for r in rules)
    en = engine_en.rules()
    assert [r["id"] for r in en] == ids
    assert en[0]["summary"] != rules[0]["summary"]
    # each basis with the span in which it is in force
    fc = next(r for r in rules if r["id"] == "nd.fair-competition")
    assert fc["check"] == "require fair_competition_review before collective_decision"
    assert fc["condition"] == "when affects_market"
    b34 = next(b for b in fc["bases"] if b["text"] == "国发〔2016〕34号")
    assert (b34["from"], b34["until"]) == ("2016-06-01", "2024-07-31")
    assert fc["bases"][0]["when"] == "when issuer is department"
    assert all(b["verified"] in (True, False) for r in rules for b in r["bases"])


def test_engine_is_immutable(engine):
    with pytest.raises(AttributeError):
        engine.lang = "en"
    with pytest.raises(AttributeError):
        engine.sources = ()


def test_subclass():
    class My(dueproc.Engine):
        pass
    e = My(lang="en")
    assert isinstance(e, dueproc.Engine) and e.lang == "en"
    assert e.check({"id": "x", "procedure": "normative_document"})
