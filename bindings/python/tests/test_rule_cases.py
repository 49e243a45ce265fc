"""Test cases for rule files from Python (issue 14), and encoding= (issue 13)."""
import json
import os
import subprocess

import dueproc

SRCDIR = os.environ.get("DUEPROC_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CITY = os.path.join(SRCDIR, "examples", "overlays", "example-city")


def test_shipped_cases_agree():
    res = dueproc.test_rules(os.path.join(SRCDIR, "tests", "rules",
                                          "defaults.cases.jsonl"))
    assert len(res) >= 40
    assert all(r["agree"] for r in res), [r for r in res if not r["agree"]]


def test_overlay_cases_and_a_wrong_expectation(tmp_path):
    rules = open(CITY + ".rules", encoding="utf-8").read()
    assert all(r["agree"] for r in dueproc.test_rules(CITY + ".cases.jsonl",
                                                      rules=rules))
    # the same cases without the overlay: the city's numbers are not the
    # defaults, so some disagree, and say how
    res = dueproc.test_rules(CITY + ".cases.jsonl")
    bad = [r for r in res if not r["agree"]]
    assert bad and all(r["diff"] for r in bad)
    assert bad[0]["line"] >= 1
    # one wrong expectation
    lines = open(CITY + ".cases.jsonl", encoding="utf-8").read().splitlines()
    rec = json.loads(lines[1])
    rec["expect"] = [e for e in rec["expect"] if e[-1] != "nd.comment-7wd"]
    rec["expect"].append(["too_long", "public_comment"])
    lines[1] = json.dumps(rec, ensure_ascii=False)
    p = tmp_path / "wrong.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = dueproc.test_rules(str(p), rules=rules)
    assert [r["agree"] for r in res] == [True, False, True, True, True]
    assert res[1]["id"] == "city-2" and res[1]["line"] == 2
    assert res[1]["diff"] == (
        "expected but not found: [too_long, public_comment]; "
        "found but not expected: [too_short, public_comment, nd.comment-7wd]")


def test_gbk_file_and_encoding(tmp_path):
    text = ("case_id,procedure,step,date,meeting\n"
            "g1,normative_document,assessment,2023-03-01,\n"
            "g1,normative_document,collective_decision,2023-03-10,市政府常务会议\n")
    p = tmp_path / "gbk.csv"
    p.write_bytes(text.encode("gb18030"))
    engine = dueproc.Engine(lang="zh")
    it = engine.check_file(str(p))
    got = list(it)
    assert it.encoding == "GB18030"
    assert [f.rule for f in got[0][1]].count("nd.comment") == 1
    # the meeting was read as Chinese: no false "no meeting"
    assert "nd.decision" not in [f.rule for f in got[0][1]]
    # named, the same
    it = engine.check_file(str(p), encoding="GBK")
    assert [[f.rule for f in fs] for _, fs in it] == [
        [f.rule for f in got[0][1]]]
    # a wrong name is refused
    try:
        engine.check_file(str(p), encoding="latin-9")
    except dueproc.Error as e:
        assert "unknown encoding 'latin-9'" in str(e)
    else:
        raise AssertionError("an unknown encoding was accepted")


def _review(result=None, label=None):
    ev = {"start": "2023-03-20", "end": "2023-03-31"}
    if label:
        ev["label"] = label
    else:
        ev["step"] = "legality_review"
    if result is not None:
        ev["result"] = result
    return {"id": "r", "procedure": "normative_document",
            "authority": "平顶山市人民政府", "events": [
                {"step": "assessment", "date": "2023-03-01"},
                {"step": "public_comment", "start": "2023-03-02",
                 "end": "2023-03-17"},
                ev,
                {"step": "collective_decision", "date": "2023-04-11",
                 "meeting": "常务会议"},
                {"step": "publication", "date": "2023-04-20"},
                {"step": "filing", "date": "2023-05-10"}]}


def test_nothing_passes_silently_from_python():
    engine = dueproc.Engine(lang="en")
    rules = lambda rec: [(f.rule, f.code) for f in engine.check(rec)]
    for word in ("failed", "不通过", "FAIL"):
        assert ("nd.review-passed", "after_rejection") in rules(_review(word))
    got = rules(_review("待定"))
    assert ("record.result", "malformed") in got
    assert ("nd.review-passed", "incomplete") in got
    assert not [r for r in rules(_review(label="合法性审核，未发现不合法内容"))
                if r[0] == "nd.review-passed"]
    rec = _review("pass")
    rec["attributes"] = {"tecnical": True}
    msg = [f.message for f in engine.check(rec) if f.rule == "record.attribute"]
    assert msg == ["unknown attribute 'tecnical'; did you mean 'technical'?"]
    rec = _review("pass")
    del rec["events"][-1]
    rec["unknown"] = ["filing"]
    got = rules(rec)
    assert ("nd.filing", "incomplete") in got and ("nd.filing", "missing") not in got


def test_string_attributes_from_python():
    """A str attribute is judged like JSON's: issuer is one, a boolean
    attribute given as a word is said, not taken as true."""
    engine = dueproc.Engine(lang="en")
    rec = _review("pass")
    rec["authority"] = "平顶山市人民政府"
    rec["attributes"] = {"issuer": "department", "urgent": "yes"}
    rec["events"][3]["meeting"] = "局务会议"
    got = engine.check(rec)
    assert "nd.decision" not in [f.rule for f in got]  # a department's meeting
    msgs = [f.message for f in got if f.rule == "record.attribute"]
    assert msgs == ["attributes.urgent: expected true or false; counted as false"]
