"""dueproc_dask - check event logs too large for one process with Dask.

    import dask.dataframe as dd, dueproc, dueproc_dask
    log = dd.read_parquet("log/")                    # events, records.md §5
    findings = dueproc_dask.check_dataframe(log, dueproc.Engine())
    findings.compute()                               # check_frame's columns

Each partition is checked on a worker by ``Engine.check_frame`` (the C
reader and engine, the per-event work in C); the findings come back as a
Dask DataFrame with the columns and dtypes of ``check_frame`` (``META``).
The engine goes to the workers as its pickle (the rule texts and the
language, never a path), and each worker process builds it once and keeps
it, keyed by the pickle's SHA-256: a thousand partitions build one engine a
worker, not a thousand.

A case must be whole in one partition (its events are checked together).
``check_dataframe`` therefore shuffles the log by the case id column first,
unless ``partitioned=True`` says that it already is (a frame indexed by the
case id with known divisions, one written partitioned by case, one from
``dd.from_map`` that makes whole cases).  Messages that name a row name it
by the frame's index label, as ``check_frame`` does.

``check_bag`` does the same for a Dask bag of record dicts (records.md §1,
``Engine.check``).  doc/scale.md has the recipes, Spark's among them.
"""
import hashlib
import pickle

import dueproc

__all__ = ["check_dataframe", "check_bag", "engine_of", "META_COLUMNS"]

# check_frame's columns and their dtypes (doc/python.md)
META_COLUMNS = list(dueproc.frames.FINDING_COLUMNS)

# names a log's case id column may have (records.md §5), the first found
CASE_COLUMNS = ("case_id", "case:concept:name", "编号", "案件编号", "文件编号")

# this process's engines: the SHA-256 of an engine's pickle -> the engine
_ENGINES = {}


def engine_of(blob):
    """The engine pickled in ``blob`` (bytes), built once per process."""
    key = hashlib.sha256(blob).hexdigest()
    e = _ENGINES.get(key)
    if e is None:
        e = _ENGINES[key] = pickle.loads(blob)
    return e


def meta():
    """An empty pandas DataFrame with check_frame's columns and dtypes."""
    import pandas as pd
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in META_COLUMNS})


def _check_part(part, blob, kw):
    return engine_of(blob).check_frame(part, **kw)


def _blob(engine):
    if engine is None:
        engine = dueproc.Engine()
    if isinstance(engine, bytes):
        return engine
    return pickle.dumps(engine)


def case_column(columns):
    """The log's case id column among ``columns``, or None."""
    lower = {str(c).strip().lower(): c for c in columns}
    for name in CASE_COLUMNS:
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def check_dataframe(ddf, engine=None, *, partitioned=False, case=None,
                    **kw):
    """Check a Dask DataFrame of events on the workers.

    engine       a dueproc.Engine (or its pickle); None: the defaults
    partitioned  True: every case is whole in one partition already; else
                 the log is shuffled by its case id column first
    case         that column's name (None: case_id or an alias of it)
    kw           check_frame's keyword arguments: procedure, in_progress,
                 as_of (format and ledger_map too)
    Returns a lazy Dask DataFrame of findings (check_frame's columns).
    """
    blob = _blob(engine)
    if not partitioned:
        col = case if case is not None else case_column(ddf.columns)
        if col is None:
            raise ValueError("no case id column (case_id, case:concept:name, "
                             "编号, 案件编号, 文件编号) to partition by; name "
                             "it with case=, or say partitioned=True")
        ddf = ddf.shuffle(on=col)
    return ddf.map_partitions(_check_part, blob, kw, meta=meta())


def _check_records(records, blob, kw):
    import pandas as pd
    e = engine_of(blob)
    rows = []
    for rec in records:
        rid = rec.get("id") if isinstance(rec, dict) else None
        for f in e.check(rec, **kw):
            d = f.to_dict()
            rows.append({c: d.get(c) for c, _ in META_COLUMNS[1:]})
            rows[-1]["case_id"] = rid
    out = pd.DataFrame(rows, columns=[c for c, _ in META_COLUMNS])
    return out.astype(dict(META_COLUMNS))


def check_bag(bag, engine=None, **kw):
    """Check a Dask bag of record dicts (records.md §1) on the workers:
    a lazy Dask DataFrame of findings, check_frame's columns, case_id
    being each record's id.  kw: Engine.check's keyword arguments."""
    import dask
    import dask.dataframe as dd
    blob = _blob(engine)
    check = dask.delayed(_check_records, pure=True)
    parts = [check(p, blob, kw) for p in bag.to_delayed()]
    return dd.from_delayed(parts, meta=meta(), verify_meta=False)
