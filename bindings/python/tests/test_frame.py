"""Engine.check_frame: a pandas DataFrame of events (records.md §5) to a
DataFrame of findings."""

import os
import subprocess
import sys

import pytest

import dueproc

pd = pytest.importorskip("pandas")

COLUMNS = ["case_id", "code", "severity", "step", "other", "event", "rule",
           "message", "basis", "verified"]


def events_frame(record, case_id):
    rows = []
    for ev in record["events"]:
        row = {"case_id": case_id, "procedure": record["procedure"]}
        row.update({k: v for k, v in ev.items()
                    if k not in ("feedback_published", "signed")})
        for name, value in record.get("attributes", {}).items():
            row["attr." + name] = value
        rows.append(row)
    return pd.DataFrame(rows)


def strip_csv_only(record, case_id):
    r = dict(record, id=case_id)
    r["events"] = [{k: v for k, v in ev.items()
                    if k not in ("feedback_published", "signed")}
                   for ev in record["events"]]
    for k in ("title", "authority", "doc_number"):
        r.pop(k, None)
    return r


def frame_of(pairs):
    rows = [dict(case_id=cid, **{k: getattr(f, k) for k in COLUMNS[1:]})
            for cid, fs in pairs for f in fs]
    return rows


def test_one_row_per_finding(engine, faulty_record, good_record, tmp_path):
    df = pd.concat([events_frame(faulty_record, "f-1"),
                    events_frame(good_record, "g-1")], ignore_index=True)
    out = engine.check_frame(df)
    assert list(out.columns) == COLUMNS
    assert str(out["event"].dtype) == "Int64"
    assert out["verified"].dtype == bool
    # exactly what the library makes of the same table as a CSV file
    p = tmp_path / "log.csv"
    df.to_csv(p, index=False)
    want = frame_of(engine.check_file(p))
    got = out.astype(object).where(out.notna(), None).to_dict("records")
    assert got == want
    assert {r["case_id"] for r in got} == {"f-1", "g-1"}
    # and the verdicts of the records as dicts (events there are in time
    # order already for the good one)
    good = [f for f in engine.check(strip_csv_only(good_record, "g-1"))]
    assert [r for r in want if r["case_id"] == "g-1"] == frame_of(
        [("g-1", good)])
    codes = {(r["code"], r["step"]) for r in got if r["case_id"] == "f-1"}
    assert ("out_of_order", "collective_decision") in codes
    assert ("missing", "filing") in codes


def test_datetime_columns_and_aliases(engine, faulty_record):
    df = events_frame(faulty_record, "f-1")
    plain = engine.check_frame(df)
    # process-mining names and real timestamps give the same verdicts
    df2 = df.rename(columns={"case_id": "case:concept:name",
                             "step": "concept:name",
                             "date": "time:timestamp"})
    df2["time:timestamp"] = pd.to_datetime(df2["time:timestamp"])
    df2["start"] = pd.to_datetime(df2["start"])
    df2["end"] = pd.to_datetime(df2["end"])
    pd.testing.assert_frame_equal(engine.check_frame(df2), plain)


def test_rows_in_any_order(engine, faulty_record):
    df = events_frame(faulty_record, "f-1")
    a = engine.check_frame(df)
    b = engine.check_frame(df.iloc[::-1])
    pd.testing.assert_frame_equal(a, b)


def test_empty_results(engine):
    out = engine.check_frame(pd.DataFrame(columns=["case_id", "step",
                                                   "date"]))
    assert list(out.columns) == COLUMNS and len(out) == 0


def test_lang(engine_en, faulty_record):
    out = engine_en.check_frame(events_frame(faulty_record, "f-1"))
    assert all(m.isascii() for m in out["message"])


def test_not_a_frame(engine):
    with pytest.raises(TypeError, match="DataFrame"):
        engine.check_frame([{"case_id": "x"}])


def test_bad_cell_is_a_finding(engine, good_record):
    df = events_frame(good_record, "g-1")
    df.loc[0, "date"] = "2022-02-30"
    out = engine.check_frame(df)
    assert "malformed" in list(out["code"])


def test_pandas_imported_lazily():
    code = ("import sys, dueproc\n"
            "dueproc.Engine().check({'id': 'x', 'procedure': 'p'})\n"
            "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, env=os.environ, check=True)
    assert out.stdout.strip() == "False"


def test_cells_of_any_dtype_read_as_to_csv_writes_them(engine_en,
                                                       faulty_record):
    """The frame's columns are read in bulk, not through to_csv (issue
    17); a column of any dtype still means what its CSV text would."""
    df = events_frame(faulty_record, "f-1")
    n = len(df)
    df["case_id"] = df["case_id"].astype("category")
    df["step"] = df["step"].astype("string")
    df["signed"] = [True] * n                      # bool dtype
    df["feedback_published"] = pd.array([True] + [None] * (n - 1),
                                        dtype="boolean")
    df["attr.technical"] = [1] + [0] * (n - 1)     # int64: 1 is true
    df["by"] = [pd.NA, None, float("nan"), 3, 2.5, pd.NaT] * (n // 6) + \
        ["x"] * (n % 6)                           # objects of all kinds
    df["date"] = pd.to_datetime(df["date"])
    df = pd.concat([df.iloc[::2], df.iloc[1::2]])  # strided columns
    frame = engine_en.check_frame(df)
    text = [(rid, [(f.code, f.rule, f.step, f.other) for f in fs])
            for rid, fs in engine_en.check_text(df.to_csv(index=False),
                                                "csv")]
    assert [(r.code, r.rule, r.step, r.other) for r in frame.itertuples()] \
        == [t for _, fs in text for t in fs]


def test_columns_of_a_reversed_array(engine_en, faulty_record):
    """A frame over a numpy array read backwards (its columns have a
    negative stride) reads as the same frame copied."""
    np = pytest.importorskip("numpy")
    df = events_frame(faulty_record, "f-1").astype(object)
    backwards = df.to_numpy(dtype=object)[::-1].copy()
    view = pd.DataFrame(backwards[::-1], columns=df.columns, copy=False)
    assert view.iloc[:, 0].to_numpy().strides[0] < 0
    pd.testing.assert_frame_equal(engine_en.check_frame(view),
                                  engine_en.check_frame(df.copy()))


def many_cases(record, n):
    """n cases of record's events, rows of neighbouring cases interleaved
    (each case in several runs), so several slots of 128 cases fill."""
    one = events_frame(record, "x")
    frames = []
    for i in range(n):
        f = one.copy()
        f["case_id"] = "c-%05d" % i
        if i % 3 == 0:  # a bad date here and there: findings differ
            f.loc[0, "date"] = "2022-02-30"
        frames.append(f)
    df = pd.concat(frames, ignore_index=True)
    # every 7th row moved to the end: cases split across the frame
    moved = df.index % 7 == 3
    return pd.concat([df[~moved], df[moved]], ignore_index=True)


@pytest.mark.parametrize("threads", [2, 3, 8])
def test_threads_give_the_same_findings(engine, faulty_record, threads):
    """check_frame makes and checks records on threads of its own; the
    findings, their order and the messages naming rows are those of one
    thread."""
    df = many_cases(faulty_record, 700)
    one = engine.check_frame(df, threads=1)
    assert len(one) > 700 and one["case_id"].nunique() == 700
    pd.testing.assert_frame_equal(engine.check_frame(df, threads=threads),
                                  one)
    pd.testing.assert_frame_equal(engine.check_frame(df), one)  # default
    rec1, f1 = engine.audit_frame(df, threads=1)
    rec, f = engine.audit_frame(df, threads=threads)
    pd.testing.assert_frame_equal(rec, rec1)
    pd.testing.assert_frame_equal(f, f1)


def test_threads_of_a_file(engine, faulty_record, tmp_path):
    """audit_frame of a path takes the same threads."""
    path = tmp_path / "log.csv"
    many_cases(faulty_record, 300).to_csv(path, index=False)
    rec1, f1 = engine.audit_frame(str(path), threads=1)
    rec, f = engine.audit_frame(str(path), threads=4)
    pd.testing.assert_frame_equal(rec, rec1)
    pd.testing.assert_frame_equal(f, f1)
    assert len(rec) == 300


def test_threads_must_be_a_count(engine, faulty_record):
    df = events_frame(faulty_record, "f-1")
    for bad in (0, -1, 65):
        with pytest.raises(ValueError, match="threads"):
            engine.check_frame(df, threads=bad)
    with pytest.raises(TypeError):
        engine.check_frame(df, threads="2")


class Unprintable:
    def __str__(self):
        raise RuntimeError("no text for this cell")


def test_a_cell_that_fails_stops_every_thread(engine, faulty_record):
    """A cell whose str() raises, deep in the frame: the exception comes
    out of check_frame, whatever the threads, with nothing left behind
    (test_leaks runs this under the leak check too)."""
    df = many_cases(faulty_record, 500).astype(object)
    df.iloc[len(df) - 5, df.columns.get_loc("by")] = Unprintable()
    for threads in (1, 2, 4):
        with pytest.raises(RuntimeError, match="no text for this cell"):
            engine.check_frame(df, threads=threads)
    # and the engine goes on
    assert len(engine.check_frame(df.iloc[:50], threads=2)) > 0
