"""The public surface: docstrings on every public name, the .pyi stubs
agree with the package and with dueproc_dask, pip can build and install
the package, the analyst example runs."""

import ast
import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

import dueproc

HERE = os.path.dirname(os.path.abspath(__file__))
STUB = os.path.join(HERE, "..", "dueproc", "__init__.pyi")
DASK_STUB = os.path.join(HERE, "..", "dueproc_dask.pyi")
TYPES = ("Engine", "Finding", "FileCheck", "Error", "RuleError")


def public(obj):
    return sorted(n for n in dir(obj) if not n.startswith("_"))


def test_module_names():
    assert public(dueproc) == sorted(("CODES", "Engine", "Error",
                                      "FileCheck", "Finding", "RuleError",
                                      "frames", "test_rules"))
    assert sorted(dueproc.__all__) == public(dueproc)
    # the C module and the package: one Engine, the package's
    assert isinstance(dueproc.Engine(), dueproc._dueproc.Engine)
    assert dueproc.Engine.__module__ == "dueproc"
    assert dueproc._dueproc.__name__ == "dueproc._dueproc"
    assert dueproc.__version__.count(".") == 2
    assert dueproc.CODES == ("missing", "out_of_order", "too_short",
                             "too_long", "overdue", "after_rejection",
                             "incomplete", "malformed", "invalid_record")
    assert issubclass(dueproc.RuleError, dueproc.Error)
    assert issubclass(dueproc.Error, Exception)


def test_docstrings_everywhere():
    assert dueproc.__doc__
    for t in TYPES:
        cls = getattr(dueproc, t)
        assert cls.__doc__, t
        for name in public(cls):
            if t in ("Error", "RuleError") and name in ("args",
                                                       "with_traceback",
                                                       "add_note"):
                continue
            doc = getattr(getattr(cls, name), "__doc__", None)
            if t in ("Error", "RuleError"):
                continue  # attributes with None defaults
            assert doc, "%s.%s has no docstring" % (t, name)


def stub_names(stub=STUB):
    tree = ast.parse(open(stub, encoding="utf-8").read())
    names, members = set(), {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
            members[node.name] = {
                n.name for n in node.body
                if isinstance(n, ast.FunctionDef)} | {
                n.target.id for n in node.body
                if isinstance(n, ast.AnnAssign)}
        elif isinstance(node, ast.AnnAssign):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            names.update(a.asname for a in node.names if a.asname)
    return names, members


def test_stub_matches_module():
    names, members = stub_names()
    # the package's names, less its private modules
    mod = {n for n in dir(dueproc) if not n.startswith("__")
           and n != "_dueproc"}
    assert {n for n in names if not n.startswith("__")} == mod
    for t in ("Engine", "Finding", "FileCheck"):
        cls = getattr(dueproc, t)
        assert {m for m in members[t] if not m.startswith("_")} == set(
            public(cls)), t
    for t in ("Error", "RuleError"):
        assert {"code", "source", "line", "column", "text"} <= members[t]
    names, _ = stub_names(os.path.join(HERE, "..", "dueproc", "frames.pyi"))
    assert names == set(dueproc.frames.__all__)


def test_dask_stub_matches_module():
    """dueproc_dask.pyi names what dueproc_dask defines (importing it needs
    no dask)."""
    import inspect
    import dueproc_dask
    names, _ = stub_names(DASK_STUB)
    mod = {n for n in dir(dueproc_dask) if not n.startswith("_")
           and not inspect.ismodule(getattr(dueproc_dask, n))}
    assert {n for n in names if not n.startswith("_")} == mod
    assert set(dueproc_dask.__all__) <= mod


def test_error_defaults():
    e = dueproc.Error("x")
    assert (e.code, e.source, e.line, e.column) == (None, None, None, None)


def test_pip_builds_the_module(tmp_path):
    """`pip install` of a copy of bindings/python against this tree."""
    build = os.environ.get("DUEPROC_BUILDDIR")
    src = os.environ.get("DUEPROC_SRCDIR")
    if not (build and src):
        pytest.skip("DUEPROC_SRCDIR/DUEPROC_BUILDDIR not set (make check "
                    "sets them)")
    if not os.path.isdir(os.path.join(build, "lib", ".libs")):
        pytest.skip("no shared libdueproc in the build tree")
    for mod in ("pip", "setuptools", "wheel"):
        if importlib.util.find_spec(mod) is None:
            pytest.skip("%s is not installed" % mod)
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for f in ("setup.py", "dueproc_cli.py", "dueproc_dask.py",
              "dueproc_dask.pyi"):
        shutil.copy(os.path.join(HERE, "..", f), pkg / f)
    for d in ("src", "dueproc"):
        shutil.copytree(os.path.join(HERE, "..", d), pkg / d,
                        ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    target = tmp_path / "site"
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    p = subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                        "--no-build-isolation", "--no-deps", "--target",
                        str(target), str(pkg)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    for f in ("dueproc/__init__.pyi", "dueproc/frames.pyi",
              "dueproc/py.typed", "dueproc_dask.pyi", "dueproc_cli.py"):
        assert (target / f).exists(), f
    env["PYTHONPATH"] = str(target)
    code = ("import dueproc; print(dueproc._dueproc.__file__); "
            "print(len(dueproc.Engine().check({'id': 'x', "
            "'procedure': 'normative_document'})))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True,
                       text=True, env=env, cwd=str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(str(target))


def test_analyst_example(tmp_path, srcdir, records_dir):
    script = os.path.join(srcdir, "examples", "analyst.py")
    if not os.path.isdir(records_dir):
        pytest.skip("no examples/records/")
    png = tmp_path / "findings.png"
    env = dict(os.environ, MPLBACKEND="Agg", MPLCONFIGDIR=str(tmp_path))
    p = subprocess.run([sys.executable, script, "--chart", str(png),
                        records_dir], capture_output=True, text=True,
                       env=env, timeout=300)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "authority" in out and "rule" in out
    assert "平顶山市人民政府" in out
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert not png.exists()
    else:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_docs_mention_every_api_call(srcdir):
    doc = os.path.join(srcdir, "doc", "python.md")
    text = open(doc, encoding="utf-8").read()
    for name in ("Engine(", ".check(", ".check_json(", ".check_file(",
                 ".check_frame(", ".audit_frame(", ".rules()", "RuleError",
                 "to_dict()",
                 "pickle", "thread"):
        assert name in text, name
    readme = open(os.path.join(srcdir, "README.md"), encoding="utf-8").read()
    assert "doc/python.md" in readme


@pytest.mark.parametrize("doc", ["README.md", "doc/python.md"])
def test_sessions_in_docs_are_real(srcdir, doc):
    """The >>> sessions in README.md and doc/python.md give the output
    shown there."""
    import doctest
    if doc == "doc/python.md":
        pytest.importorskip("pandas")
    path = os.path.join(srcdir, doc)
    # a closing ``` fence ends an example's output
    text = open(path, encoding="utf-8").read().replace("\n```", "\n\n```")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, doc, path, 0)
    assert test.examples, "no session in " + doc
    runner = doctest.DocTestRunner(
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    out = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
