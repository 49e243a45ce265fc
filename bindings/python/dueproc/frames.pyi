"""Type stub of dueproc.frames: the pandas half of Engine.check_frame and
Engine.audit_frame (bindings/python/dueproc/frames.py)."""

import os
from typing import Any, Literal, Optional, Tuple, Union

from . import AsOf, Engine

#: check_frame's columns and their dtypes
FINDING_COLUMNS: Tuple[Tuple[str, str], ...]
#: audit_frame's records' columns and their dtypes
RECORD_COLUMNS: Tuple[Tuple[str, str], ...]


def check_frame(engine: Engine, df: Any, *, procedure: Optional[str] = None,
                in_progress: Optional[bool] = None,
                as_of: Optional[AsOf] = None,
                format: Optional[Literal["auto", "csv", "ledger"]] = None,
                ledger_map: Union[None, str, os.PathLike[str]] = None,
                threads: Optional[int] = None) -> Any:
    """engine.check_frame(df, ...): a pandas DataFrame of findings."""
    ...


def audit_frame(
    engine: Engine,
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
    """engine.audit_frame(source, ...): (records, findings) DataFrames."""
    ...
