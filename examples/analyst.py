#!/usr/bin/env python3
"""analyst.py - compliance of filed records by authority and by rule.

Reads record files (JSON, JSON Lines, CSV event logs; a directory is
walked for .json, .jsonl, .ndjson and .csv files), checks them with the
dueproc Python binding, and prints

  - by authority: records, compliant records (no error finding), the rate;
  - by rule: findings, records concerned, the rule's legal basis.

When matplotlib is available it also writes a bar chart of the findings by
rule (PNG).  With no argument it reads the sample records next to it
(examples/records/).

    python3 examples/analyst.py                       # the samples
    python3 examples/analyst.py --lang en --chart out.png data/*.jsonl
"""

import argparse
import collections
import os
import sys
import unicodedata

import dueproc

HERE = os.path.dirname(os.path.abspath(__file__))
SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv")


def input_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.lower().endswith(SUFFIXES):
                    yield os.path.join(p, name)
        else:
            yield p


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in s)


def pad(s, n, right=False):
    fill = " " * max(0, n - width(s))
    return fill + s if right else s + fill


def table(title, header, rows, right=()):
    cols = list(zip(header, *rows)) if rows else [[h] for h in header]
    widths = [max(width(str(v)) for v in c) for c in cols]
    print(title)
    for k, row in enumerate([header] + rows):
        print("  " + "  ".join(pad(str(v), widths[i], i in right)
                               for i, v in enumerate(row)).rstrip())
        if k == 0:
            print("  " + "  ".join("-" * w for w in widths))
    print()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*",
                    default=[os.path.join(HERE, "records")],
                    help="record files or directories "
                         "(default: examples/records/)")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--rules", action="append", default=[],
                    help="a rule file or overlay to load (repeatable)")
    ap.add_argument("--chart", default="findings-by-rule.png",
                    help="the PNG to write when matplotlib is available "
                         "(default: %(default)s)")
    args = ap.parse_args(argv)

    engine = dueproc.Engine(rules=args.rules or None, lang=args.lang)
    basis = {}                                          # rule -> basis

    by_auth = collections.defaultdict(lambda: [0, 0])   # records, compliant
    by_rule = collections.Counter()                     # findings
    rule_records = collections.defaultdict(set)         # records concerned
    unknown = "（未注明）" if args.lang == "zh" else "(not given)"
    total = ok = 0
    for path in input_files(args.paths):
        it = engine.check_file(path)
        try:
            for n, (rid, findings) in enumerate(it):
                auth = (it.record or {}).get("authority") or unknown
                good = not any(f.severity == "error" for f in findings)
                by_auth[auth][0] += 1
                by_auth[auth][1] += good
                total += 1
                ok += good
                for f in findings:
                    by_rule[f.rule] += 1
                    basis[f.rule] = f.basis
                    rule_records[f.rule].add((path, n))
        except dueproc.Error as e:
            print("%s: %s" % (path, e), file=sys.stderr)

    rows = [[a, n, c, "%.0f%%" % (100.0 * c / n)]
            for a, (n, c) in sorted(by_auth.items(),
                                    key=lambda kv: (-kv[1][0], kv[0]))]
    rows.append(["all", total, ok,
                 "%.0f%%" % (100.0 * ok / total) if total else "-"])
    table("Compliance by authority",
          ["authority", "records", "compliant", "rate"], rows,
          right=(1, 2, 3))

    rows = [[r, n, len(rule_records[r]), basis.get(r, "")]
            for r, n in by_rule.most_common()]
    table("Findings by rule", ["rule", "findings", "records", "basis"],
          rows, right=(1, 2))

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        print("(matplotlib is not installed: no chart)")
        return 0
    rules = [r for r, _ in by_rule.most_common()]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rules) + 1.2))
    ax.barh(rules[::-1], [by_rule[r] for r in rules[::-1]], color="#b22222")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("findings")
    ax.set_title("dueproc findings by rule (%d records)" % total)
    fig.tight_layout()
    fig.savefig(args.chart, dpi=100)
    plt.close(fig)
    print("chart: %s" % args.chart)
    return 0


if __name__ == "__main__":
    sys.exit(main())
