"""Engine.check_file: JSON, JSON Lines and CSV, streamed in input order;
unreadable records become invalid_record findings; errors."""

import json
import os
import pathlib

import pytest

import dueproc


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_json_object_array_and_jsonl_agree(engine, tmp_path, good_record,
                                           faulty_record):
    recs = [good_record, faulty_record]
    want = [(r["id"], engine.check(r)) for r in recs]
    one = write(tmp_path, "one.json", json.dumps(good_record, indent=2))
    assert list(engine.check_file(one)) == want[:1]
    arr = write(tmp_path, "arr.json", json.dumps(recs, indent=1))
    assert list(engine.check_file(arr)) == want
    jl = write(tmp_path, "recs.jsonl",
               "\n".join(json.dumps(r, ensure_ascii=False) for r in recs))
    assert list(engine.check_file(jl)) == want
    assert list(engine.check_file(str(jl))) == want


def test_format_argument(engine, tmp_path, good_record):
    p = write(tmp_path, "records.txt", json.dumps(good_record) + "\n")
    want = [(good_record["id"], engine.check(good_record))]
    for fmt in (None, "auto", "jsonl", "json"):
        assert list(engine.check_file(p, format=fmt)) == want
    assert list(engine.check_file(p, "jsonl")) == want
    for bad in ("xml", "JSON", 1):
        with pytest.raises(ValueError, match="format"):
            engine.check_file(p, format=bad)


def test_unreadable_lines_are_findings(engine, tmp_path, good_record):
    text = "\n".join([
        json.dumps(good_record),
        "this is not json",
        "",
        "[1, 2]",
        '{"procedure": "normative_document"}',
        '{"id": "late", "procedure": "normative_document", "events": []}',
    ]) + "\n"
    p = write(tmp_path, "mixed.jsonl", text)
    it = engine.check_file(p)
    got = []
    for rid, findings in it:
        got.append((rid, [f.code for f in findings], it.line))
    assert got[0][0] == "pds-2022-012" and got[0][2] == 1
    assert got[1] == (None, ["invalid_record"], 2)
    assert got[2] == (None, ["invalid_record"], 4)
    assert got[3] == (None, ["invalid_record"], 5)
    assert got[4][0] == "late" and "invalid_record" not in got[4][1]
    assert it.unreadable == 3
    assert it.record == {"id": "late", "procedure": "normative_document",
                         "title": None, "authority": None,
                         "doc_number": None, "effective_date": None,
                         "valid_until": None}
    bad = [f for _, fs in engine.check_file(p) for f in fs
           if f.code == "invalid_record"]
    assert "mixed.jsonl:2" in bad[0].message


def test_csv_event_log(engine, tmp_path, good_record):
    rows = ["case_id,procedure,step,date,start,end,result,meeting,"
            "attr.affects_market,doc_number"]
    for ev in good_record["events"]:
        rows.append(",".join([
            "c-1", "normative_document", ev["step"], ev.get("date", ""),
            ev.get("start", ""), ev.get("end", ""), ev.get("result", ""),
            ev.get("meeting", ""), "true", good_record["doc_number"]]))
    # rows of a case need not be contiguous or ordered
    rows.append("c-2,normative_document,collective_decision,2022-04-02,,,,"
                "常务会议,,")
    rows.append("c-2,normative_document,assessment,2022-03-01,,,,,,")
    p = write(tmp_path, "log.csv", "\n".join(rows) + "\n")
    out = list(engine.check_file(p))
    assert [rid for rid, _ in out] == ["c-1", "c-2"]
    rec = dict(good_record, id="c-1")
    for ev in rec["events"]:  # CSV has no feedback_published/by/channel
        for k in ("feedback_published", "by", "channel"):
            ev.pop(k, None)
    rec["attributes"] = {"affects_market": True}
    assert out[0][1] == engine.check(rec)
    assert "missing" in [f.code for f in out[1][1]]


def test_truncated_json_array_raises_after_good_records(engine, tmp_path,
                                                        good_record):
    text = json.dumps([good_record, good_record])[:-1]  # no closing ]
    p = write(tmp_path, "cut.json", text)
    got = []
    with pytest.raises(dueproc.Error) as ei:
        for pair in engine.check_file(p):
            got.append(pair)
    assert len(got) == 2
    assert ei.value.code == "DP_EJSON"
    assert ei.value.source == str(p)
    assert str(p) in str(ei.value)


def test_open_errors(engine, tmp_path):
    with pytest.raises(FileNotFoundError):
        engine.check_file(tmp_path / "nope.json")
    with pytest.raises(IsADirectoryError):
        engine.check_file(tmp_path)
    with pytest.raises(TypeError):
        engine.check_file(12)


def test_close_and_context_manager(engine, tmp_path, good_record):
    p = write(tmp_path, "r.jsonl", (json.dumps(good_record) + "\n") * 5)
    it = engine.check_file(p)
    assert it.record is None
    assert next(it)[0] == good_record["id"]
    assert it.record["authority"] == good_record["authority"]
    it.close()
    assert list(it) == []
    with engine.check_file(p) as it2:
        assert len(list(it2)) == 5
    assert iter(it2) is it2


def test_empty_file(engine, tmp_path):
    for name in ("e.json", "e.jsonl", "e.csv"):
        assert list(engine.check_file(write(tmp_path, name, ""))) == []


def test_sample_records(engine, records_dir):
    if not os.path.isdir(records_dir):
        pytest.skip("no examples/records/ in this tree")
    n = 0
    for name in sorted(os.listdir(records_dir)):
        if name.endswith(".xlsx"):  # a workbook: test_ledger.py
            with pytest.raises(dueproc.Error, match="an Excel workbook"):
                engine.check_file(pathlib.Path(records_dir) / name)
            continue
        for rid, findings in engine.check_file(
                pathlib.Path(records_dir) / name):
            n += 1
            assert rid is None or isinstance(rid, str)
            assert all(isinstance(f, dueproc.Finding) for f in findings)
    assert n >= 5


def test_record_follows_each_record(engine, tmp_path, good_record):
    # .record is made when asked, from the record last yielded: it must
    # follow the iteration whether it is read every time or only now and
    # then, and stay after the end and after close()
    recs = [dict(good_record, id="r-%d" % i, title="标题 %d" % i)
            for i in range(6)]
    p = write(tmp_path, "each.jsonl",
              "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
    it = engine.check_file(p)
    for i, (rid, _) in enumerate(it):
        assert rid == "r-%d" % i
        if i % 2 == 0:
            got = it.record
            assert got["id"] == rid and got["title"] == "标题 %d" % i
            got["title"] = "changed"  # a copy: the next read is unchanged
            assert it.record["title"] == "标题 %d" % i
    assert it.record["id"] == "r-5"
    it.close()
    assert it.record["id"] == "r-5"
