"""The binding gives the C validator's verdicts: for every sample record
(examples/records/) and every golden case (tests/cases/), the findings of
check_file() equal, record by record, the lines of
`dueproc-validate --format json`; and for every golden case they equal its
expected.json (the corpus the C tests run, tests/validator/golden.sh)."""

import glob
import json
import os
import shlex
import subprocess

import pytest

import dueproc


def inputs(srcdir):
    files = sorted(glob.glob(os.path.join(srcdir, "examples", "records",
                                          "*")))
    files += sorted(glob.glob(os.path.join(srcdir, "tests", "cases", "*",
                                           "input.*")))
    return [f for f in files if os.path.isfile(f)]


SRCDIR = os.environ.get("DUEPROC_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".."))
FILES = inputs(SRCDIR)


def run_validator(validator, path, lang):
    env = dict(os.environ, LC_ALL="C")
    p = subprocess.run([validator, "--format=json", "--lang=" + lang,
                        "--no-progress", path],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode in (0, 1, 2), p.stderr
    return [json.loads(line) for line in p.stdout.splitlines()
            if line.strip()]


def from_binding(engine, path):
    out = []
    try:
        for rid, findings in engine.check_file(path):
            out.append({
                "id": rid,
                "ok": not any(f.severity == "error" for f in findings),
                "findings": [f.to_dict() for f in findings],
            })
    except dueproc.Error:
        pass  # the validator stops at a read error too
    return out


def test_there_are_inputs():
    assert FILES, "no sample records or golden cases under " + SRCDIR


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", FILES,
                         ids=[os.path.relpath(f, SRCDIR) for f in FILES])
def test_same_findings_as_validator(validator, path, lang):
    if validator is None:
        pytest.skip("examples/dueproc-validate is not built "
                    "(DUEPROC_VALIDATE)")
    engine = dueproc.Engine(lang=lang)
    want = run_validator(validator, path, lang)
    got = from_binding(engine, path)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g["id"] == w["id"]
        assert g["ok"] == w["ok"]
        assert g["findings"] == w["findings"], g["id"]


CASES = sorted(d for d in glob.glob(os.path.join(SRCDIR, "tests", "cases",
                                                 "*"))
               if os.path.isfile(os.path.join(d, "expected.json")))


def case_options(case):
    """(lang, rule files, input format, check options) from the case's
    args, or None when they ask for something the binding does not do."""
    lang, rules, fmt, kw = "zh", [], None, {}
    path = os.path.join(case, "args")
    if not os.path.exists(path):
        return lang, rules, fmt, kw
    text = open(path, encoding="utf-8").read().replace("@top_srcdir@",
                                                       SRCDIR)
    toks = shlex.split(text)
    i = 0
    while i < len(toks):
        t = toks[i]
        name, eq, val = t.partition("=")
        takes = name in ("--lang", "-l", "--rules", "-r", "--format", "-f",
                         "--input-format", "-i", "-j", "--jobs", "--color",
                         "--procedure", "-p", "--as-of")
        if takes and not eq:
            i += 1
            val = toks[i] if i < len(toks) else ""
        if name in ("--lang", "-l"):
            lang = val
        elif name in ("--rules", "-r"):
            rules.append(os.path.join(case, val))
        elif name in ("--input-format", "-i"):
            fmt = val
        elif name in ("--procedure", "-p"):
            kw["procedure"] = val
        elif name == "--as-of":
            kw["as_of"] = val
        elif name == "--in-progress":
            kw["in_progress"] = True
        elif name in ("--format", "-f", "-j", "--jobs", "--color", "-q",
                      "--quiet", "-s", "--summary", "--no-progress"):
            pass
        else:
            return None
        i += 1
    return lang, rules, fmt, kw


@pytest.mark.parametrize("case", CASES,
                         ids=[os.path.basename(c) for c in CASES])
def test_golden_case(case, monkeypatch):
    opts = case_options(case)
    if opts is None:
        pytest.skip("the case's args ask for a validator-only option")
    lang, rules, fmt, kw = opts
    engine = dueproc.Engine(rules=rules or None, lang=lang)
    with open(os.path.join(case, "expected.json"), encoding="utf-8") as f:
        want = [json.loads(line) for line in f if line.strip()]
    monkeypatch.chdir(case)  # messages name the plain file names
    for inp in sorted(glob.glob("input.*")):
        got = []
        try:
            for rid, findings in engine.check_file(inp, format=fmt, **kw):
                got.append({
                    "id": rid,
                    "ok": not any(f.severity == "error" for f in findings),
                    "findings": [f.to_dict() for f in findings]})
        except dueproc.Error:
            pass
        assert [{k: w[k] for k in ("id", "ok", "findings")}
                for w in want] == got, inp
