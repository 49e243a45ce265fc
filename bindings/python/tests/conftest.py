"""Fixtures of the dueproc pytest suite.

`make check` runs each test_*.py with PYTHONPATH pointing at the package
built in the build tree, and DUEPROC_SRCDIR / DUEPROC_BUILDDIR /
DUEPROC_VALIDATE naming the source tree, the build tree and the validator
(Makefile.am, section "Python binding").  Run by hand, the suite falls
back to the top_srcdir/builddir variables the test harness exports, then
to the source tree this file sits in:

    PYTHONPATH=_build/bindings/python python3 -m pytest bindings/python/tests

The leak check (`leakcheck` fixture) repeats a call in batches until the
resident memory stops growing, as ujson's conftest does; its patience is
--leak-max-loops.
"""

import copy
import gc
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def _srcdir():
    for var in ("DUEPROC_SRCDIR", "top_srcdir"):
        v = os.environ.get(var)
        if v and os.path.isfile(os.path.join(v, "include", "dueproc.h")):
            return os.path.abspath(v)
    return os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def _builddir():
    for var in ("DUEPROC_BUILDDIR", "builddir"):
        v = os.environ.get(var)
        if v:
            return os.path.abspath(v)
    return None


SRCDIR = _srcdir()
BUILDDIR = _builddir()

# Outside `make check`: find the module in the build tree.
try:
    import dueproc  # noqa: F401
except ImportError:
    if BUILDDIR:
        sys.path.insert(0, os.path.join(BUILDDIR, "bindings", "python"))
    import dueproc  # noqa: F401,E402


def pytest_addoption(parser):
    parser.addoption(
        "--leak-max-loops", type=int, default=8,
        help="batches the leak check runs before it declares a leak")


# ---------------------------------------------------------------------------
# Paths


@pytest.fixture(scope="session")
def srcdir():
    """The top of the source tree."""
    return SRCDIR


@pytest.fixture(scope="session")
def records_dir():
    """examples/records/: the sample records."""
    return os.path.join(SRCDIR, "examples", "records")


@pytest.fixture(scope="session")
def validator():
    """The path of examples/dueproc-validate in the build tree, or None."""
    v = os.environ.get("DUEPROC_VALIDATE")
    if not v and BUILDDIR:
        v = os.path.join(BUILDDIR, "examples", "dueproc-validate")
    return v if v and os.access(v, os.X_OK) else None


# ---------------------------------------------------------------------------
# Engines and records

@pytest.fixture(scope="session")
def engine():
    """One engine with the embedded defaults, messages in Chinese."""
    return dueproc.Engine()


@pytest.fixture(scope="session")
def engine_en():
    """One engine with the embedded defaults, messages in English."""
    return dueproc.Engine(lang="en")


# The record of records.md §1: compliant as filed.
GOOD = {
    "id": "pds-2022-012",
    "procedure": "normative_document",
    "title": "平顶山市城市管理办法",
    "authority": "平顶山市人民政府",
    "doc_number": "平政〔2022〕12号",
    "attributes": {"technical": False, "affects_market": True},
    "events": [
        {"step": "assessment", "date": "2022-03-01"},
        {"step": "fair_competition_review", "date": "2022-03-03"},
        {"step": "public_comment", "start": "2022-03-05",
         "end": "2022-04-05", "feedback_published": True},
        {"step": "legality_review", "start": "2022-04-08",
         "end": "2022-04-20", "result": "pass", "by": "市司法局"},
        {"step": "collective_decision", "date": "2022-04-28",
         "meeting": "常务会议"},
        {"step": "publication", "date": "2022-05-06", "channel": "政府公报"},
        {"step": "filing", "date": "2022-05-20"},
    ],
}


@pytest.fixture
def good_record():
    """A fresh copy of the compliant record of records.md §1."""
    return copy.deepcopy(GOOD)


@pytest.fixture
def faulty_record():
    """The §1 record with the decision taken before the legality review,
    a 20-day comment period and no filing."""
    r = copy.deepcopy(GOOD)
    r["id"] = "pds-faulty"
    r["events"][2]["end"] = "2022-03-24"
    r["events"][4]["date"] = "2022-04-02"
    del r["events"][6]
    return r


def variants(n):
    """n different records (for throughput and thread tests): the §1 record
    with its dates, attributes and steps varied deterministically."""
    out = []
    steps = [e["step"] for e in GOOD["events"]]
    for i in range(n):
        r = copy.deepcopy(GOOD)
        r["id"] = "v-%d" % i
        r["attributes"]["affects_market"] = bool(i % 2)
        r["attributes"]["urgent"] = bool(i % 7 == 0)
        r["events"][2]["end"] = "2022-03-%02d" % (10 + i % 20)
        if i % 3 == 0:
            r["events"][4]["date"] = "2022-04-%02d" % (1 + i % 27)
        if i % 5 == 0:
            del r["events"][i % len(steps)]
        if i % 11 == 0:
            r["events"].append({"step": "filing", "date": "2022-13-01"})
        out.append(r)
    return out


@pytest.fixture(scope="session")
def many_records():
    """2000 varied records."""
    return variants(2000)


# ---------------------------------------------------------------------------
# Leak check


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture
def leakcheck(request):
    """leakcheck(fn, batch=2000): call fn() in batches until the resident
    set size stops growing; fail if it grew in every one of
    --leak-max-loops batches."""
    if not os.path.exists("/proc/self/statm"):
        pytest.skip("no /proc/self/statm to measure memory")
    loops = request.config.getoption("--leak-max-loops")

    def run(fn, batch=2000):
        for _ in range(batch):  # warm up caches, free lists, the heap
            fn()
        gc.collect()
        prev = _rss_bytes()
        growth = []
        for _ in range(loops):
            for _ in range(batch):
                fn()
            gc.collect()
            cur = _rss_bytes()
            if cur <= prev:
                return
            growth.append(cur - prev)
            prev = cur
        pytest.fail("memory grew in each of %d batches of %d calls: %s bytes"
                    % (loops, batch, growth))

    return run
