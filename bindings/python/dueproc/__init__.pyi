"""Type stub of the dueproc package: the C extension dueproc._dueproc
(bindings/python/src/) and the Engine methods written in Python
(bindings/python/dueproc/__init__.py, frames.py).

Check the procedure of Chinese administrative normative documents
(行政规范性文件) and major administrative decisions (重大行政决策) against
rules written as text.  See doc/python.md.
"""

import datetime
import os
from typing import (Any, Dict, Iterable, Iterator, List, Literal, Mapping,
                    Optional, Sequence, Tuple, Union)

from . import frames as frames

__version__: str
#: The finding codes of records.md §6, in the library's order.
CODES: Tuple[str, ...]

_RuleSource = Union[str, os.PathLike[str], os.PathLike[bytes]]
#: A record as in records.md §1-2: a dict with id, procedure, title,
#: authority, doc_number, effective_date, valid_until (str), attributes
#: (dict of bool or str), unknown (list of step names) and events (a
#: list of dicts whose date/start/end are str, datetime.date or
#: datetime.datetime).  Unknown keys are ignored.
Record = Dict[str, Any]
#: The day a record in progress is checked as of: 'YYYY-MM-DD' exactly, or
#: a datetime.date (a datetime.datetime counts by its day).
AsOf = Union[str, datetime.date]


class Error(Exception):
    """An error of libdueproc.  .code is the DP_E* name (e.g. 'DP_EIO');
    when the library told where, .source, .line, .column and .text say it."""
    code: Optional[str]
    source: Optional[str]
    line: Optional[int]
    column: Optional[int]
    text: Optional[str]


class RuleError(Error):
    """A mistake in rule text: str(e) is 'source:line:column: text'."""
    code: str
    source: str
    line: int
    column: int
    text: str


class Finding:
    """One finding about a record (records.md §6).  Immutable; compared and
    hashed by value; picklable."""
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> Literal["error", "warning"]: ...
    @property
    def step(self) -> Optional[str]: ...
    @property
    def other(self) -> Optional[str]: ...
    @property
    def event(self) -> Optional[int]: ...
    @property
    def rule(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def basis(self) -> str: ...
    @property
    def verified(self) -> bool: ...

    def __init__(self, code: str, severity: str, step: Optional[str],
                 other: Optional[str], event: Optional[int], rule: str,
                 message: str, basis: str, verified: bool) -> None: ...

    def to_dict(self) -> Dict[str, Any]:
        """The finding as in records.md §6, keys in the order of the C JSON
        writer; step, other and event are left out when absent."""
        ...

    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...


class FileCheck(Iterator[Tuple[Optional[str], List[Finding]]]):
    """The iterator Engine.check_file() returns; also a context manager."""
    @property
    def line(self) -> int:
        """1-based line where the record last yielded begins."""
        ...
    @property
    def record(self) -> Optional[Dict[str, Optional[str]]]:
        """id, procedure, title, authority and doc_number of the record
        last yielded."""
        ...
    @property
    def unreadable(self) -> int:
        """Records yielded so far that could not be read."""
        ...
    @property
    def encoding(self) -> Optional[str]:
        """'UTF-8' or 'GB18030': what the input is read as."""
        ...
    @property
    def note(self) -> Optional[str]:
        """What the reader says of the input as a whole (a guessed
        encoding, a ledger's unknown columns), or None."""
        ...
    @property
    def format(self) -> Optional[Literal["json", "jsonl", "csv",
                                         "ledger"]]:
        """The format being read; None once the input is closed."""
        ...
    def __next__(self) -> Tuple[Optional[str], List[Finding]]: ...
    def __iter__(self) -> "FileCheck": ...
    def close(self) -> None:
        """Close the file; the iterator then ends."""
        ...
    def __enter__(self) -> "FileCheck": ...
    def __exit__(self, *exc: object) -> bool: ...


class Engine:
    """The embedded default procedures and holiday calendar, plus optional
    rule files or overlays.  Immutable, thread-safe, picklable."""

    def __init__(self,
                 rules: Union[None, _RuleSource, Sequence[_RuleSource]] = None,
                 lang: Literal["zh", "en"] = "zh") -> None: ...

    @property
    def lang(self) -> Literal["zh", "en"]:
        """The language of Finding.message."""
        ...

    @property
    def sources(self) -> Tuple[str, ...]:
        """Names of the rule texts loaded over the defaults, in order."""
        ...

    def check(self, record: Record, *, procedure: Optional[str] = None,
              in_progress: Optional[bool] = None,
              as_of: Optional[AsOf] = None) -> List[Finding]:
        """Check one record given as a dict (records.md §1-2).

        procedure: the procedure of a record that names none (a record's
        own is kept), by key ('major_decision') or by the Chinese or
        English title its rule file declares ('重大行政决策'); an unknown
        name raises ValueError.  in_progress: True checks an unfinished
        record as of as_of (default: today), so that a step not yet due is
        not missing (records.md §8.6).  as_of implies in_progress (with
        in_progress=False it raises ValueError); a bad date raises
        ValueError, a wrong type TypeError."""
        ...

    def check_json(self, text: Union[str, bytes, bytearray], *,
                   procedure: Optional[str] = None,
                   in_progress: Optional[bool] = None,
                   as_of: Optional[AsOf] = None) -> List[Finding]:
        """Check one record given as JSON text; options as check()."""
        ...

    def check_file(
        self,
        path: Union[str, os.PathLike[str], os.PathLike[bytes]],
        format: Optional[Literal["auto", "json", "jsonl", "csv",
                                 "ledger"]] = None,
        *,
        procedure: Optional[str] = None,
        in_progress: Optional[bool] = None,
        as_of: Optional[AsOf] = None,
        encoding: Optional[str] = None,
        ledger_map: Union[None, str, os.PathLike[str]] = None,
    ) -> FileCheck:
        """Stream a JSON, JSON Lines or CSV file, or a ledger (台账, one
        record a row: doc/ledger.md): (record_id, findings) pairs in input
        order; options as check(), for every record.  encoding: 'UTF-8' or
        'GB18030' (GBK, GB2312); None guesses, and FileCheck.encoding says
        what was read.  ledger_map: a mapping file added to the built-in
        one."""
        ...

    def check_text(
        self,
        text: Union[str, bytes],
        format: Optional[Literal["auto", "json", "jsonl", "csv",
                                 "ledger"]] = None,
        *,
        name: Optional[str] = None,
        procedure: Optional[str] = None,
        in_progress: Optional[bool] = None,
        as_of: Optional[AsOf] = None,
        ledger_map: Union[None, str, os.PathLike[str]] = None,
    ) -> FileCheck:
        """check_file() over text in memory; name is what messages call
        the input (default '<string>')."""
        ...
    def write_report(
        self,
        source: Union[None, str, os.PathLike[str], os.PathLike[bytes],
                      Iterable[Mapping[str, Any]]] = None,
        format: Literal["text", "json", "csv", "html"] = "text",
        *,
        lang: Optional[Literal["zh", "en"]] = None,
        bom: bool = False,
        summary: bool = False,
        quiet: bool = False,
        procedure: Optional[str] = None,
        in_progress: Optional[bool] = None,
        as_of: Optional[AsOf] = None,
        encoding: Optional[str] = None,
        input_format: Optional[
            Literal["auto", "json", "jsonl", "csv", "ledger"]] = None,
        text: Optional[str] = None,
        name: Optional[str] = None,
        ledger_map: Union[None, str, os.PathLike[str]] = None,
    ) -> str:
        """What dueproc-validate prints for the records of source (a path or
        record dicts) or of text= (named name=), by the same C writer;
        summary=True: the summary in that format; bom=True: CSV with a
        UTF-8 BOM; quiet=True: text of the records with an error only."""
        ...
    def report_html(
        self,
        source: Union[str, os.PathLike[str], os.PathLike[bytes],
                      Iterable[Mapping[str, Any]]],
        *,
        lang: Optional[Literal["zh", "en"]] = None,
        procedure: Optional[str] = None,
        in_progress: Optional[bool] = None,
        as_of: Optional[AsOf] = None,
        encoding: Optional[str] = None,
        input_format: Optional[Literal["auto", "json", "jsonl", "csv"]] = None,
    ) -> str:
        """The HTML report of the records of source: one self-contained
        page, as dueproc-validate --format html writes it."""
        ...
    def test_file(
        self,
        path: Union[str, os.PathLike[str], os.PathLike[bytes]],
        format: Optional[Literal["auto", "json", "jsonl", "csv"]] = None,
    ) -> List[Dict[str, Any]]:
        """Test cases: records that carry their expected findings
        ("expect"); one dict a record: id, line, agree, diff."""
        ...

    def check_frame(self, df: Any, *, procedure: Optional[str] = None,
                    in_progress: Optional[bool] = None,
                    as_of: Optional[AsOf] = None,
                    format: Optional[Literal["auto", "csv", "ledger"]] = None,
                    ledger_map: Union[None, str, os.PathLike[str]] = None,
                    threads: Optional[int] = None) -> Any:
        """Check a pandas DataFrame of events (records.md §5), or a ledger
        with format='ledger' (one record a row, doc/ledger.md; 'auto': by
        its header); returns a DataFrame with one row per finding (columns
        case_id, code, severity, step, other, event, rule, message, basis,
        verified); options as check().  The columns are read in bulk (no
        CSV text) and mean what they would in a CSV file.  A message about
        a cell names its row by the frame's index label:
        '<DataFrame>[LABEL]: ...'.  threads: how many threads make and
        check the records (None: the processors, at most 8; 1: the calling
        thread alone); the findings are the same whatever the number."""
        ...

    def audit_frame(
        self,
        source: Union[Any, str, os.PathLike[str], os.PathLike[bytes]],
        *,
        procedure: Optional[str] = None,
        in_progress: Optional[bool] = None,
        as_of: Optional[AsOf] = None,
        encoding: Optional[str] = None,
        input_format: Optional[
            Literal["auto", "json", "jsonl", "csv", "ledger"]] = None,
        ledger_map: Union[None, str, os.PathLike[str]] = None,
        threads: Optional[int] = None,
    ) -> Tuple[Any, Any]:
        """Check a pandas DataFrame of events (as check_frame; input_format
        as check_frame's format) or a record file (a path, as check_file);
        returns two DataFrames, (records, findings).  records: one row per
        record, compliant ones included, in input order (case_id, title,
        authority, procedure, decided (datetime64, NaT without a decision
        date), ok, errors, warnings, findings).  findings: check_frame's
        columns after 'record', the position of the finding's record in
        records.  Options as check()."""
        ...

    def rules(self) -> List[Dict[str, str]]:
        """The loaded rules: id, procedure, severity, kind, basis,
        confidence ('verified' or 'reported'), summary, origin."""
        ...

    def find_procedure(self, name: str) -> Optional[str]:
        """The key of the procedure with this key or title, or None."""
        ...

    def procedures(self) -> List[str]:
        """The names of the loaded procedures."""
        ...

    def __reduce__(self) -> Tuple[Any, ...]: ...


def _restore(cls: type, texts: Tuple[Tuple[str, bytes], ...],
             lang: str) -> Engine: ...


def test_rules(path: Union[str, os.PathLike[str]],
               rules: Union[None, str, List[str]] = None
               ) -> List[Dict[str, Any]]:
    """Engine(rules=rules).test_file(path)."""
    ...
