"""Repeat-until-stable leak checks (STYLE.md §9): each call is repeated in
batches until the process's resident memory stops growing."""

import json

import pytest

import dueproc


def test_check_does_not_leak(engine, faulty_record, leakcheck):
    leakcheck(lambda: engine.check(faulty_record))


def test_check_json_does_not_leak(engine, faulty_record, leakcheck):
    text = json.dumps(faulty_record)
    leakcheck(lambda: engine.check_json(text))
    leakcheck(lambda: engine.check_json("{not json"))


def test_type_errors_do_not_leak(engine, good_record, leakcheck):
    good_record["events"][3]["result"] = 1

    def bad():
        with pytest.raises(TypeError):
            engine.check(good_record)
    leakcheck(bad)


def test_check_file_does_not_leak(engine, faulty_record, tmp_path,
                                  leakcheck):
    p = tmp_path / "r.jsonl"
    p.write_text((json.dumps(faulty_record) + "\nbad line\n") * 20,
                 encoding="utf-8")
    leakcheck(lambda: list(engine.check_file(p)), batch=200)
    cut = tmp_path / "cut.json"
    cut.write_text("[" + json.dumps(faulty_record) + ",", encoding="utf-8")

    def truncated():
        with pytest.raises(dueproc.Error):
            list(engine.check_file(cut))
    leakcheck(truncated, batch=500)


def test_check_options_do_not_leak(engine, faulty_record, tmp_path,
                                   leakcheck):
    rec = dict(faulty_record)
    del rec["procedure"]
    leakcheck(lambda: engine.check(rec, procedure="行政规范性文件",
                                   as_of="2022-05-01"))
    leakcheck(lambda: engine.check_json(json.dumps(rec), in_progress=True,
                                        procedure="major_decision"))
    p = tmp_path / "r.jsonl"
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    leakcheck(lambda: list(engine.check_file(p, procedure="major_decision",
                                             as_of="2022-05-01")), batch=500)

    def bad():
        with pytest.raises(ValueError):
            engine.check(rec, procedure="行政许可")
        with pytest.raises(ValueError):
            engine.check(rec, as_of="2022-02-30")
        with pytest.raises(TypeError):
            engine.check(rec, as_of=5)
    leakcheck(bad)


def test_engine_does_not_leak(leakcheck):
    rules = ('procedure t "t" "t"\nrule t.a\n  require assessment\n'
             '  basis "b"\nend\n')
    leakcheck(lambda: dueproc.Engine(rules=rules), batch=50)

    def bad():
        with pytest.raises(dueproc.RuleError):
            dueproc.Engine(rules=rules.replace("assessment", "nostep"))
    leakcheck(bad, batch=50)


def test_findings_and_rules_do_not_leak(engine, faulty_record, leakcheck):
    fs = engine.check(faulty_record)
    leakcheck(lambda: [f.to_dict() for f in fs] and repr(fs) and hash(fs[0]))
    leakcheck(lambda: engine.rules(), batch=200)
