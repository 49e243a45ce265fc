"""Type stub of dueproc_dask (bindings/python/dueproc_dask.py): event logs
checked on Dask workers, one engine a worker process (doc/scale.md)."""

from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

import dueproc

#: check_frame's columns and their dtypes, the meta of the results
META_COLUMNS: List[Tuple[str, str]]
#: the names a log's case id column may have (records.md §5)
CASE_COLUMNS: Tuple[str, ...]
#: this process's engines, keyed by the SHA-256 of their pickle
_ENGINES: Dict[str, dueproc.Engine]


def engine_of(blob: bytes) -> dueproc.Engine:
    """The engine pickled in blob, built once per process."""
    ...


def meta() -> Any:
    """An empty pandas DataFrame with check_frame's columns and dtypes."""
    ...


def case_column(columns: Iterable[Any]) -> Optional[Any]:
    """The log's case id column among columns, or None."""
    ...


def check_dataframe(ddf: Any,
                    engine: Union[None, dueproc.Engine, bytes] = None, *,
                    partitioned: bool = False, case: Optional[Any] = None,
                    **kw: Any) -> Any:
    """Check a Dask DataFrame of events on the workers: a lazy Dask
    DataFrame of findings with check_frame's columns.  kw: check_frame's
    keyword arguments."""
    ...


def check_bag(bag: Any, engine: Union[None, dueproc.Engine, bytes] = None,
              **kw: Any) -> Any:
    """Check a Dask bag of record dicts on the workers: a lazy Dask
    DataFrame of findings, check_frame's columns.  kw: Engine.check's
    keyword arguments."""
    ...
