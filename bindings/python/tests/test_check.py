"""Engine.check(dict), Engine.check_json(text) and the Finding type."""

import copy
import datetime
import json

import pytest

import dueproc

FIELDS = ("code", "severity", "step", "other", "event", "rule", "message",
          "basis", "verified")


def test_good_record_has_no_error(engine, good_record):
    findings = engine.check(good_record)
    assert isinstance(findings, list)
    assert not [f for f in findings if f.severity == "error"]


def test_faulty_record(engine, faulty_record):
    findings = engine.check(faulty_record)
    got = {(f.code, f.step, f.other) for f in findings}
    assert ("out_of_order", "collective_decision", "legality_review") in got
    assert ("too_short", "public_comment", None) in got
    assert ("missing", "filing", None) in got
    for f in findings:
        assert isinstance(f, dueproc.Finding)
        assert f.code in dueproc.CODES
        assert f.severity in ("error", "warning")
        assert f.event is None or isinstance(f.event, int)
        assert isinstance(f.verified, bool)
        assert f.rule and f.basis and f.message


def test_messages_follow_lang(engine, engine_en, faulty_record):
    zh = engine.check(faulty_record)
    en = engine_en.check(faulty_record)
    assert [f.rule for f in zh] == [f.rule for f in en]
    miss = [f for f in en if f.code == "missing"][0]
    assert miss.message.isascii()
    assert not [f for f in zh if f.code == "missing"][0].message.isascii()


def test_to_dict_keys_and_order(engine, faulty_record):
    for f in engine.check(faulty_record):
        d = f.to_dict()
        want = [k for k in FIELDS
                if not (k in ("step", "other", "event")
                        and getattr(f, k) is None)]
        assert list(d) == want
        for k in d:
            assert d[k] == getattr(f, k)


def test_same_as_check_json(engine, faulty_record):
    assert engine.check(faulty_record) == engine.check_json(
        json.dumps(faulty_record))
    assert engine.check(faulty_record) == engine.check_json(
        json.dumps(faulty_record, ensure_ascii=False).encode("utf-8"))


def test_dates_as_date_objects(engine, faulty_record):
    r = copy.deepcopy(faulty_record)
    for ev in r["events"]:
        for k in ("date", "start", "end"):
            if k in ev:
                ev[k] = datetime.date.fromisoformat(ev[k])
    assert engine.check(r) == engine.check(faulty_record)
    r["events"][4]["date"] = datetime.datetime(2022, 4, 2, 9, 30)
    assert engine.check(r) == engine.check(faulty_record)


def test_bad_date_is_a_finding_not_an_exception(engine, good_record):
    good_record["events"][0]["date"] = "2022-02-30"
    f = [x for x in engine.check(good_record) if x.code == "malformed"]
    assert len(f) == 1 and f[0].event == 0 and f[0].severity == "error"
    assert "2022-02-30" in f[0].message


def test_chinese_dates(engine, good_record):
    plain = engine.check(good_record)
    good_record["events"][0]["date"] = "2022年3月1日"
    assert engine.check(good_record) == plain


def test_invalid_records_are_findings(engine):
    for rec, why in (({}, "id"), ({"id": "x"}, "procedure"),
                     ({"procedure": "normative_document"}, "id"),
                     ({"id": "x", "procedure": "nope"}, "nope")):
        f = engine.check(rec)
        assert [x.code for x in f] == ["invalid_record"]
        assert why in f[0].message or why in engine.check(rec)[0].message


def test_none_means_absent(engine, good_record):
    r = copy.deepcopy(good_record)
    r["title"] = None
    r["attributes"] = None
    r["events"][0]["label"] = None
    r["events"][2]["feedback_published"] = None
    r2 = copy.deepcopy(good_record)
    del r2["title"], r2["attributes"], r2["events"][2]["feedback_published"]
    assert engine.check(r) == engine.check(r2)


def test_unknown_keys_ignored(engine, good_record):
    plain = engine.check(good_record)
    good_record["x-note"] = object()
    good_record["events"][0]["x-extra"] = [1, 2]
    assert engine.check(good_record) == plain


def test_tuple_of_events(engine, good_record):
    plain = engine.check(good_record)
    good_record["events"] = tuple(good_record["events"])
    assert engine.check(good_record) == plain


@pytest.mark.parametrize("mutate, exc, field", [
    (lambda r: r.update(id=12), TypeError, "id"),
    (lambda r: r.update(procedure=b"normative_document"), TypeError,
     "procedure"),
    (lambda r: r.update(title=1.5), TypeError, "title"),
    (lambda r: r.update(authority=["x"]), TypeError, "authority"),
    (lambda r: r.update(doc_number=3), TypeError, "doc_number"),
    (lambda r: r.update(attributes=["technical"]), TypeError, "attributes"),
    (lambda r: r["attributes"].update(technical=1), TypeError,
     "attributes.technical"),
    (lambda r: r["attributes"].update({3: True}), TypeError, "attributes"),
    (lambda r: r.update(events={"step": "x"}), TypeError, "events"),
    (lambda r: r.update(events="assessment"), TypeError, "events"),
    (lambda r: r["events"].append("filing"), TypeError, "events[7]"),
    (lambda r: r["events"][1].update(step=5), TypeError, "events[1].step"),
    (lambda r: r["events"].extend([{"step": "filing"}] * 5 + [{"step": 7}]),
     TypeError, "events[12].step must be str"),
    (lambda r: r["events"][3].update(result=True), TypeError,
     "events[3].result"),
    (lambda r: r["events"][2].update(start=20220305), TypeError,
     "events[2].start"),
    (lambda r: r["events"][6].update(date=1.0), TypeError, "events[6].date"),
    (lambda r: r["events"][2].update(feedback_published="true"), TypeError,
     "events[2].feedback_published"),
    (lambda r: r["events"][0].update(signed=1), TypeError,
     "events[0].signed"),
    (lambda r: r.update(title="a\0b"), ValueError, "title"),
    (lambda r: r["events"][4].update(meeting="\ud800"), ValueError,
     "events[4].meeting"),
])
def test_wrong_types_name_the_field(engine, good_record, mutate, exc, field):
    mutate(good_record)
    with pytest.raises(exc) as ei:
        engine.check(good_record)
    assert field in str(ei.value)


def test_record_not_a_dict(engine, good_record):
    for bad in (None, [good_record], json.dumps(good_record), 1):
        with pytest.raises(TypeError, match="dict"):
            engine.check(bad)


def test_check_json_invalid_text(engine):
    for text in ("", "{", "not json", "[1, 2]", "42", '"x"',
                 '{"id": 1, "procedure": "normative_document"}'):
        f = engine.check_json(text)
        assert [x.code for x in f] == ["invalid_record"], text
        assert f[0].severity == "error" and f[0].rule
    with pytest.raises(TypeError):
        engine.check_json({"id": "x"})


def test_check_json_data_problems_are_findings(engine):
    f = engine.check_json('{"id": "x", "procedure": "normative_document", '
                          '"attributes": {"urgent": "yes"}, "events": [1]}')
    assert "malformed" in [x.code for x in f]


def test_finding_value_semantics(engine, faulty_record):
    a = engine.check(faulty_record)
    b = engine.check(faulty_record)
    assert a == b and a[0] is not b[0]
    assert hash(a[0]) == hash(b[0])
    assert len(set(a + b)) == len(a)
    assert a[0] != a[1]
    assert (a[0] == "x") is False
    r = repr(a[0])
    assert r.startswith("Finding(code=") and a[0].rule in r
    assert eval(r, {"Finding": dueproc.Finding}) == a[0]


def test_finding_is_immutable(engine, faulty_record):
    f = engine.check(faulty_record)[0]
    for k in FIELDS:
        with pytest.raises(AttributeError):
            setattr(f, k, None)


def test_finding_constructor_checks_types():
    args = dict(code="missing", severity="error", step="filing", other=None,
                event=None, rule="r", message="m", basis="b", verified=True)
    f = dueproc.Finding(**args)
    assert f.to_dict() == {"code": "missing", "severity": "error",
                           "step": "filing", "rule": "r", "message": "m",
                           "basis": "b", "verified": True}
    for k, v in (("code", 1), ("event", "3"), ("step", 2), ("rule", None)):
        with pytest.raises(TypeError):
            dueproc.Finding(**dict(args, **{k: v}))
    with pytest.raises(TypeError):
        dueproc.Finding("missing")


def test_unknown_names_in_a_dict_are_findings(engine, good_record):
    """A dict is data, like a line of a file: a step or attribute the rules
    do not know is a malformed finding naming it (records.md §7.5, §8.4),
    never an exception; the same record as JSON text says the same."""
    good_record["events"][1]["step"] = "filng"
    good_record["attributes"]["tecnical"] = True
    good_record["unknown"] = ["archving"]
    findings = engine.check(good_record)
    got = {(f.rule, f.code) for f in findings}
    assert ("record.step", "malformed") in got
    assert ("record.attribute", "malformed") in got
    assert ("record.unknown", "malformed") in got
    msgs = " ".join(f.message for f in findings)
    assert "filng" in msgs and "tecnical" in msgs and "archving" in msgs
    assert engine.check_json(json.dumps(good_record)) == findings
