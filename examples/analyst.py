#!/usr/bin/env python3
"""analyst.py - compliance of filed records by authority and by rule.

Reads record files (JSON, JSON Lines, CSV event logs; a directory is
walked for .json, .jsonl, .ndjson and .csv files), checks them with the
dueproc Python binding (Engine.audit_frame: a pandas DataFrame with one
row per record, compliant ones included, and one of the findings keyed
to it), and prints

  - by authority: records, compliant records (no error finding), the rate;
  - by rule: findings, records concerned, the rule's legal basis.

When matplotlib is available it also writes a chart (PNG): the compliance
rate by authority and the findings by rule, labelled in Chinese with a CJK
font (Noto Sans CJK, Debian's fonts-noto-cjk) when one is installed.
With no argument it reads the sample records next to it
(examples/records/).  A file that cannot be read to its end is named on
standard error and left out.

    python3 examples/analyst.py                       # the samples
    python3 examples/analyst.py --lang en --chart out.png data/*.jsonl
"""

import argparse
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


# Fonts with the Chinese characters of authorities' names, best first.
# Matplotlib reads the first face of a .ttc collection, so Debian's
# NotoSansCJK-Regular.ttc shows as "Noto Sans CJK JP": the same
# ideographs, every face of Noto CJK has them all.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC",
             "Noto Sans CJK KR", "Source Han Sans SC", "Noto Serif CJK SC",
             "Noto Serif CJK JP", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "SimHei", "Microsoft YaHei", "PingFang SC")


def cjk_font():
    """The name of an installed font from CJK_FONTS, or None."""
    from matplotlib import font_manager
    for name in CJK_FONTS:
        try:
            font_manager.findfont(name, fallback_to_default=False)
        except ValueError:
            continue
        return name
    return None


def audit(engine, paths):
    """(records, findings) of every file, one pair of frames: findings'
    'record' is the row of its record in records."""
    import pandas as pd
    recs, finds = [], []
    n = 0
    for path in input_files(paths):
        try:
            r, f = engine.audit_frame(path)
        except dueproc.Error as e:
            print("%s: %s" % (path, e), file=sys.stderr)
            continue
        r.insert(0, "file", path)
        f["record"] += n
        n += len(r)
        recs.append(r)
        finds.append(f)
    if not recs:  # the columns all the same
        r, f = engine.audit_frame(pd.DataFrame(columns=["case_id", "date"]))
        recs, finds = [r.assign(file="")], [f]
    return (pd.concat(recs, ignore_index=True),
            pd.concat(finds, ignore_index=True))


def rate(ok, n):
    return "%.0f%%" % (100.0 * ok / n) if n else "-"


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
    records, findings = audit(engine, args.paths)
    unknown = "（未注明）" if args.lang == "zh" else "(not given)"
    records["authority"] = records["authority"].fillna(unknown)

    # compliance by authority: the records frame alone
    by_auth = records.groupby("authority")["ok"].agg(["size", "sum"])
    by_auth = by_auth.reset_index().sort_values(
        ["size", "authority"], ascending=[False, True])
    rows = [[a, int(n), int(c), rate(c, n)]
            for a, n, c in by_auth.itertuples(index=False)]
    total, ok = len(records), int(records["ok"].sum())
    rows.append(["all", total, ok, rate(ok, total)])
    table("Compliance by authority",
          ["authority", "records", "compliant", "rate"], rows,
          right=(1, 2, 3))

    # findings by rule, most first (ties in the order first found)
    by_rule = findings.groupby("rule", sort=False).agg(
        findings=("code", "size"), records=("record", "nunique"),
        basis=("basis", "last"))
    by_rule = by_rule.sort_values("findings", ascending=False, kind="stable")
    rows = [[r, int(n), int(k), b or ""]
            for r, n, k, b in by_rule.itertuples()]
    table("Findings by rule", ["rule", "findings", "records", "basis"],
          rows, right=(1, 2))

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator, PercentFormatter
    except ImportError:
        print("(matplotlib is not installed: no chart)")
        return 0
    font = cjk_font()
    if font:
        plt.rcParams["font.family"] = "sans-serif"
        plt.rcParams["font.sans-serif"] = (
            [font] + list(plt.rcParams["font.sans-serif"]))
    else:
        print("(no CJK font, e.g. Debian's fonts-noto-cjk: Chinese labels "
              "will not show)", file=sys.stderr)
    zh = args.lang == "zh"
    rules = list(by_rule.index)
    auths = list(by_auth["authority"])
    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=(12, 0.35 * max(len(rules), len(auths)) + 1.6))
    ax1.barh(auths[::-1], (100.0 * by_auth["sum"] / by_auth["size"])[::-1],
             color="#2e7d32")
    ax1.set_xlim(0, 100)
    ax1.xaxis.set_major_formatter(PercentFormatter())
    ax1.set_xlabel("合规率（无错误的记录）" if zh
                   else "compliant records (no error)")
    ax1.set_title("按制定机关" if zh else "by authority")
    ax2.barh(rules[::-1], list(by_rule["findings"])[::-1], color="#b22222")
    ax2.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_xlabel("问题数" if zh else "findings")
    ax2.set_title("按规则" if zh else "by rule")
    fig.suptitle(("dueproc 合规检查（%d 份记录）" if zh
                  else "dueproc compliance (%d records)") % total)
    fig.tight_layout()
    fig.savefig(args.chart, dpi=100)
    plt.close(fig)
    print("chart: %s" % args.chart)
    return 0


if __name__ == "__main__":
    sys.exit(main())
