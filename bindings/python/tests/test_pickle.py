"""Pickling: an Engine re-creates itself from its rule texts (so it can go
to worker processes); Findings pickle by value."""

import multiprocessing
import os
import pickle
import shutil

import pytest

import dueproc

OVERLAY = os.path.join("examples", "overlays", "example-district.rules")
LOCAL = ('procedure local "地方程序" "local procedure"\nrule local.assess\n'
         '  require assessment\n  severity warning\n  basis "本地规定"\nend\n')


def test_default_engine_roundtrip(engine, faulty_record):
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        e2 = pickle.loads(pickle.dumps(engine, protocol=proto))
        assert type(e2) is dueproc.Engine and e2 is not engine
        assert e2.lang == engine.lang
        assert e2.check(faulty_record) == engine.check(faulty_record)


def test_engine_with_rules_roundtrip(srcdir, tmp_path, good_record):
    # the rule file is copied, loaded, then deleted: the pickle holds the
    # texts, not the paths
    path = tmp_path / "district.rules"
    shutil.copy(os.path.join(srcdir, OVERLAY), path)
    e = dueproc.Engine(rules=[path, LOCAL], lang="en")
    data = pickle.dumps(e)
    path.unlink()
    e2 = pickle.loads(data)
    assert e2.lang == "en"
    assert e2.sources == (str(path), "<rules[1]>")
    assert e2.rules() == e.rules()
    good_record["events"][6]["date"] = "2022-05-26"
    assert e2.check(good_record) == e.check(good_record)
    assert "local" in e2.procedures()


def test_subclass_roundtrip():
    e = Sub(lang="en")
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is Sub and e2.lang == "en"


class Sub(dueproc.Engine):
    pass


def test_findings_roundtrip(engine, faulty_record):
    fs = engine.check(faulty_record)
    back = pickle.loads(pickle.dumps(fs))
    assert back == fs
    assert [f.to_dict() for f in back] == [f.to_dict() for f in fs]


def _check_many(args):
    e, records = args
    return [e.check(r) for r in records]


def test_engine_shipped_to_worker_processes(many_records):
    e = dueproc.Engine(rules=LOCAL, lang="en")
    records = many_records[:200]
    want = [e.check(r) for r in records]
    chunks = [records[i:i + 50] for i in range(0, len(records), 50)]
    ctx = multiprocessing.get_context("spawn")
    try:
        with ctx.Pool(2) as pool:
            got = pool.map(_check_many, [(e, c) for c in chunks])
    except (OSError, PermissionError) as err:  # no processes allowed here
        pytest.skip("cannot start worker processes: %s" % err)
    assert [f for chunk in got for f in chunk] == want
