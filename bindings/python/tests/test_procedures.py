"""The procedures beyond the first two (procedures.md E1–E3) and the
validity of normative documents (E4), from Python: the sample records give
the findings their titles describe, and the same findings as the validator
on the same day of the check."""

import json
import os
import subprocess

import pytest

AS_OF = "2026-12-01"  # the day the samples' validity is judged on


def load(records_dir, name):
    with open(os.path.join(records_dir, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def verdicts(engine, recs, **kw):
    return {r["id"]: [(f.code, f.step, f.rule) for f in engine.check(r, **kw)]
            for r in recs}


def test_more_procedures(engine_en, records_dir):
    got = verdicts(engine_en, load(records_dir, "more-procedures.jsonl"))
    assert got == {
        "pds-rg-501": [],
        "pds-rg-502": [("too_short", "effective", "rg.effective-30d")],
        "pds-rg-503": [("overdue", "filing", "rg.filing-30d")],
        "pds-ed-601": [],
        "pds-ed-602": [("overdue", "publication", "ed.publication-7wd")],
        "pds-ed-603": [("after_rejection", "decision", "ed.review-passed")],
        "pds-aa-701": [],
        "pds-aa-702": [("missing", "collective_decision", "aa.decision")],
    }


def test_validity_on_the_day_of_the_check(engine_en, records_dir):
    recs = load(records_dir, "nd-validity.jsonl")
    got = verdicts(engine_en, recs, as_of=AS_OF)
    assert got == {
        "pds-nd-301": [("overdue", "cleanup", "nd.validity-expired")],
        "pds-nd-302": [],
        "pds-nd-303": [("too_long", "publication", "nd.validity-length"),
                       ("overdue", "cleanup", "nd.validity-expired")],
        "pds-nd-304": [],
    }
    # judged on the day before pds-nd-303 ran out, it had not
    early = verdicts(engine_en, recs, as_of="2026-02-28")
    assert early["pds-nd-303"] == [
        ("too_long", "publication", "nd.validity-length")]
    # and in 2029, past 2029-06-30, pds-nd-304 has run out too
    late = verdicts(engine_en, recs, as_of="2029-07-01")
    assert late["pds-nd-304"] == [
        ("overdue", "cleanup", "nd.validity-expired")]


def test_validity_rules_listed(engine_en):
    rules = {r["id"]: r for r in engine_en.rules()}
    for rid in ("nd.validity-stated", "nd.validity-length",
                "nd.validity-expired"):
        assert rules[rid]["kind"] == "validity"
        assert rules[rid]["severity"] == "warning"
        assert rules[rid]["confidence"] == "reported"


def test_same_as_validator(engine_en, validator, records_dir):
    if validator is None:
        pytest.skip("examples/dueproc-validate is not built")
    for name in ("more-procedures.jsonl", "nd-validity.jsonl"):
        path = os.path.join(records_dir, name)
        p = subprocess.run([validator, "--format=json", "--lang=en",
                            "--no-progress", "--as-of", AS_OF, path],
                           capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C"), timeout=60)
        assert p.returncode in (0, 1), p.stderr
        want = [json.loads(line) for line in p.stdout.splitlines()]
        got = [(rid, [f.to_dict() for f in fs])
               for rid, fs in engine_en.check_file(path, as_of=AS_OF)]
        assert got == [(w["id"], w["findings"]) for w in want]
