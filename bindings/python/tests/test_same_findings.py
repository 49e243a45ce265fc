"""check_frame, check_file and dueproc-validate give identical findings on
the same log (issue 17): a generated event log of a few thousand cases
(bench/gen.py: both procedures, about 40 % with a fault), with some rows of
cases moved to the end of the log, rows without a case id and cells that
are not true/false added, read as a file by the binding and the validator
and into pandas by pd.read_csv for check_frame.  The sorted (case_id, rule,
code, step, message) tuples are the same; a message that names a row says
`path:LINE:` from a file and `<DataFrame>[LABEL]:` from the frame, which
are the same row (LABEL = LINE - 2 with read_csv's index)."""

import json
import os
import re
import subprocess
import sys

import pytest

import dueproc

pd = pytest.importorskip("pandas")

SRCDIR = os.environ.get("DUEPROC_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CASES = 3000


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    d = tmp_path_factory.mktemp("same")
    gen = d / "gen.csv"
    subprocess.run([sys.executable, os.path.join(SRCDIR, "bench", "gen.py"),
                    "--format", "csv", "--seed", "17", str(CASES), str(gen)],
                   check=True, timeout=120)
    lines = gen.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    ncols = header.count(",") + 1
    # some rows of every 50th case at the end: cases spread over the log
    moved = [r for i, r in enumerate(rows) if i % 97 == 5]
    rows = [r for i, r in enumerate(rows) if i % 97 != 5] + moved
    # unreadable rows and bad booleans (signed is the 11th column)
    rows.insert(10, "," * (ncols - 1))
    rows.insert(500, ",normative_document,filing,2020-01-01" +
                "," * (ncols - 4))
    for k in (20, 700, 1500):
        f = rows[k].split(",")
        if len(f) == ncols and f[0]:
            f[10] = "maybe"
            rows[k] = ",".join(f)
    p = d / "log.csv"
    p.write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    return p


LOC = re.compile(r"^(?:.*log\.csv:(\d+)|<DataFrame>\[(\d+)\]):")


def row_named(msg):
    """A message's place as the data row it names (0-based)."""
    m = LOC.match(msg)
    if not m:
        return msg
    row = int(m.group(1)) - 2 if m.group(1) else int(m.group(2))
    return "ROW %d:%s" % (row, msg[m.end():])


def tuples(pairs):
    return sorted((cid or "", f["rule"], f["code"], f.get("step") or "",
                   row_named(f["message"]))
                  for cid, fs in pairs for f in fs)


def test_frame_file_and_validator_agree(engine, log, validator):
    by_file = tuples((rid, [f.to_dict() for f in fs])
                     for rid, fs in engine.check_file(log))
    df = pd.read_csv(log)
    frame = engine.check_frame(df)
    by_frame = tuples(
        (row.case_id if isinstance(row.case_id, str) else None,
         [{"rule": row.rule, "code": row.code,
           "step": row.step if isinstance(row.step, str) else None,
           "message": row.message}])
        for row in frame.itertuples())
    assert len(by_file) > CASES // 4  # faults: most kinds found
    assert {t[2] for t in by_file} >= {"missing", "out_of_order", "malformed",
                                     "invalid_record"}
    assert by_frame == by_file
    if validator is None:
        pytest.skip("examples/dueproc-validate is not built")
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run([validator, "--format=json", "--lang=zh",
                        "--no-progress", str(log)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode in (0, 1, 2), p.stderr  # 2: unreadable rows
    recs = [json.loads(line) for line in p.stdout.splitlines() if line]
    by_validator = tuples((r["id"], r["findings"]) for r in recs)
    assert by_validator == by_file


def test_frame_of_other_dtypes_agrees(engine, log):
    """The same log read with every column as str (no NaN) and with dates
    parsed: the same findings as read_csv's defaults."""
    plain = engine.check_frame(pd.read_csv(log))
    as_str = engine.check_frame(pd.read_csv(log, dtype=str,
                                            keep_default_na=False))
    pd.testing.assert_frame_equal(as_str, plain)
