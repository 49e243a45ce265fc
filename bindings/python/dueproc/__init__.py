"""dueproc - check the procedure of Chinese administrative normative
documents (行政规范性文件) and major administrative decisions (重大行政决策)
against rules written as text.

A thin binding of libdueproc: the same verdicts as the C library and the
dueproc-validate tool.  Start with Engine().check(record).  See
doc/python.md.

The package is the C extension ``dueproc._dueproc`` (bindings/python/src/)
and, around it, what is simpler in Python: ``dueproc.frames``, the pandas
half of Engine.check_frame and Engine.audit_frame.
"""

from . import _dueproc
from ._dueproc import (CODES, Error, FileCheck, Finding,  # noqa: F401
                       RuleError, __version__, _restore, test_rules)
from . import frames

__all__ = ["CODES", "Engine", "Error", "FileCheck", "Finding", "RuleError",
           "test_rules", "frames"]


class Engine(_dueproc.Engine):
    __doc__ = _dueproc.Engine.__doc__
    __slots__ = ()

    def check_frame(self, df, *, procedure=None, in_progress=None,
                    as_of=None, format=None, ledger_map=None, threads=None):
        """check_frame(df, *, procedure=None, in_progress=None, as_of=None,
        format=None, ledger_map=None, threads=None) -> pandas.DataFrame

        Check a pandas DataFrame of events in the CSV event-log shape of
        records.md §5 (case_id, procedure, step, date, … and attr.NAME
        columns; process-mining aliases accepted).  Returns one row per
        finding with the columns case_id, code, severity, step, other,
        event, rule, message, basis, verified.  The columns are read in
        bulk (no CSV text) and mean what they would in a CSV file.

        format None or 'csv': an event log; 'ledger': a 台账, one record a
        row (doc/ledger.md), with ledger_map a mapping file added to the
        built-in one; 'auto': a ledger when its header says so.  The other
        keyword arguments are those of check(): procedure= serves a frame
        without a procedure column.  A message about a cell names its row
        by the frame's index label: '<DataFrame>[17]: ...'.  pandas is
        imported only here.

        threads: how many threads make and check the records (the calling
        thread reads the cells and builds the result); None: the
        processors this process may use, at most 8; 1: the calling thread
        alone.  The findings are the same, in the same order, whatever
        the number."""
        return frames.check_frame(self, df, procedure=procedure,
                                  in_progress=in_progress, as_of=as_of,
                                  format=format, ledger_map=ledger_map,
                                  threads=threads)

    def audit_frame(self, source, *, procedure=None, in_progress=None,
                    as_of=None, encoding=None, input_format=None,
                    ledger_map=None, threads=None):
        """audit_frame(source, *, procedure=None, in_progress=None,
        as_of=None, encoding=None, input_format=None, ledger_map=None,
        threads=None) -> (records, findings)

        Check a DataFrame of events (as check_frame; input_format as its
        format) or a record file (a path, as check_file) and return two
        DataFrames: records, one row per record in input order, compliant
        ones included (case_id, title, authority, procedure, decided, ok,
        errors, warnings, findings; decided is the decision date, NaT when
        there is none), and findings, check_frame's columns after a
        'record' column holding the position of the finding's record in
        records (records.iloc[record]).  threads as check_frame's."""
        return frames.audit_frame(self, source, procedure=procedure,
                                  in_progress=in_progress, as_of=as_of,
                                  encoding=encoding,
                                  input_format=input_format,
                                  ledger_map=ledger_map, threads=threads)
