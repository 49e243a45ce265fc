"""dueproc.frames - pandas DataFrames in and out of the engine.

The pandas half of ``Engine.check_frame`` and ``Engine.audit_frame``
(doc/python.md): a frame is taken apart into its column names and one array
of cells a column, the C half (``Engine._check_table``, bindings/python/
src/frames.c) reads the cells with the library's one CSV row→record code
and checks every case, and the columns it returns are put together into
DataFrames here.  Nothing here looks at an event: the per-event work is C.

    import dueproc, dueproc.frames
    findings = dueproc.frames.check_frame(dueproc.Engine(), df)  # as the method

pandas and numpy are imported at the first call, not with dueproc.
"""

__all__ = ["check_frame", "audit_frame", "FINDING_COLUMNS", "RECORD_COLUMNS"]

#: check_frame's columns and their dtypes (audit_frame's findings put
#: ``("record", "int64")`` first)
FINDING_COLUMNS = (
    ("case_id", "object"), ("code", "object"), ("severity", "object"),
    ("step", "object"), ("other", "object"), ("event", "Int64"),
    ("rule", "object"), ("message", "object"), ("basis", "object"),
    ("verified", "bool"),
)
#: audit_frame's records: one row a record, compliant ones too
RECORD_COLUMNS = (
    ("case_id", "object"), ("title", "object"), ("authority", "object"),
    ("procedure", "object"), ("decided", "datetime64[ns]"), ("ok", "bool"),
    ("errors", "int64"), ("warnings", "int64"), ("findings", "int64"),
)

_FORMATS = (None, "auto", "json", "jsonl", "csv", "ledger")


def check_frame(engine, df, *, procedure=None, in_progress=None, as_of=None,
                format=None, ledger_map=None, threads=None):
    """``engine.check_frame(df, ...)``: the findings of a DataFrame of
    events (or of a ledger with format='ledger') as a DataFrame."""
    return _check(engine, "check_frame", df, False, format, None, ledger_map,
                  dict(procedure=procedure, in_progress=in_progress,
                       as_of=as_of, threads=threads))


def audit_frame(engine, source, *, procedure=None, in_progress=None,
                as_of=None, encoding=None, input_format=None,
                ledger_map=None, threads=None):
    """``engine.audit_frame(source, ...)``: (records, findings) of a
    DataFrame of events or of a record file."""
    return _check(engine, "audit_frame", source, True, input_format,
                  encoding, ledger_map,
                  dict(procedure=procedure, in_progress=in_progress,
                       as_of=as_of, threads=threads))


def _check(engine, fname, src, audit, fmt, encoding, ledger_map, opts):
    import pandas as pd
    if not any(fmt is f or (isinstance(fmt, str) and fmt == f)
               for f in _FORMATS):
        raise ValueError("format must be None, 'auto', 'json', 'jsonl', "
                         "'csv' or 'ledger', not %r" % (fmt,))
    if isinstance(src, pd.DataFrame):
        if fmt in ("json", "jsonl"):
            raise ValueError("%s() reads a frame as 'csv' (an event log, the "
                             "default), 'ledger' or 'auto'" % fname)
        if fmt is None or fmt == "csv":
            # an event log (records.md §5): its columns read in bulk, each
            # once, and the cells read by the library's CSV reader as a
            # table, which decides what they mean exactly as for a file
            header, columns = _columns(src)
            f, r = engine._check_table(header, columns, len(src.index),
                                       src.index, audit, **opts)
        else:
            # a ledger (or 'auto'): the frame as the CSV text to_csv
            # writes, one record a row, read as a file would be
            f, r = engine._check_source(src.to_csv(index=False), src.index,
                                        audit, format=fmt,
                                        ledger_map=ledger_map, **opts)
    elif audit and (isinstance(src, (str, bytes))
                    or hasattr(src, "__fspath__")):
        f, r = engine._check_source(src, None, audit, format=fmt,
                                    encoding=encoding, ledger_map=ledger_map,
                                    **opts)
    else:
        raise TypeError("%s() wants a pandas.DataFrame%s, not %.100s"
                        % (fname, " or a path" if audit else "",
                           type(src).__name__))
    findings = _findings_frame(pd, f, audit)
    if not audit:
        return findings
    return _records_frame(pd, r), findings


def _columns(df):
    """The column names (str) and the cells of each column: an object
    column as the array pandas holds (no copy), a column of another dtype
    (numbers, dates, bools) as the text DataFrame.to_csv writes for it."""
    header = [str(c) for c in df.columns]
    columns = []
    for i in range(len(header)):
        s = df.iloc[:, i]
        if s.dtype.kind == "O":
            a = s.to_numpy()
            if getattr(a, "dtype", None) != object or a.ndim != 1:
                a = s.tolist()
        else:
            a = _as_text(s)
        columns.append(a)
    return header, columns


def _as_text(s):
    """The cells of series s as to_csv writes them, a str a row (a row of
    one empty field is written '""': a blank line would be none)."""
    lines = s.to_csv(index=False, header=False,
                     lineterminator="\n").splitlines()
    if len(lines) != len(s):
        raise ValueError("a column of the DataFrame is not one line a row "
                         "as text")
    return ["" if v == '""' else v for v in lines]


def _findings_frame(pd, f, audit):
    import numpy as np
    data = {}
    if audit:
        data["record"] = np.frombuffer(f["record"], dtype=np.int64)
    for name, dtype in FINDING_COLUMNS:
        if name == "event":
            data[name] = pd.arrays.IntegerArray(
                np.frombuffer(f["event"], dtype=np.int64),
                ~np.frombuffer(f["has_event"], dtype=np.bool_))
        elif name == "verified":
            data[name] = np.frombuffer(f["verified"], dtype=np.bool_)
        else:
            data[name] = _objects(np, f[name])
    return pd.DataFrame(data, copy=False)


def _records_frame(pd, r):
    import numpy as np
    data = {}
    for name, dtype in RECORD_COLUMNS:
        if name == "decided":  # days pandas cannot hold become NaT
            data[name] = pd.to_datetime(pd.Series(r[name], dtype=object),
                                        format="%Y-%m-%d", errors="coerce")
        elif dtype == "object":
            data[name] = _objects(np, r[name])
        else:
            data[name] = np.frombuffer(r[name], dtype=dtype)
    return pd.DataFrame(data, copy=False)


def _objects(np, values):
    a = np.empty(len(values), dtype=object)
    a[:] = values
    return a
