#!/usr/bin/env python3
"""jobs.py - how the validator's -j pays, input by input (doc/performance.md,
"The default of -j").

    python3 bench/jobs.py [--builddir DIR] [--sizes 1000,10000,...]
                          [--runs 9] [--jobs 1,2,default] [--workdir DIR]

Generates JSON Lines and CSV logs of the same records with bench/gen.py,
then times `dueproc-validate --format json` on each with every -j given
("default": no -j, the validator's own choice), the runs of the different
-j interleaved so that the machine's other load falls on all of them alike.
Also standard input (JSON Lines and CSV piped in).  Prints a Markdown table:
median wall-clock time, min, speed against the first -j, and median CPU
time (user + system of the process, from wait4).  Standard library only.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def find_validator(builddir):
    # the real binary, not libtool's wrapper script (a shell start per run)
    real = os.path.join(builddir, "examples", ".libs", "dueproc-validate")
    if os.access(real, os.X_OK):
        return real, {"LD_LIBRARY_PATH": os.path.join(builddir, "lib",
                                                      ".libs")}
    return os.path.join(builddir, "examples", "dueproc-validate"), {}


def once(cmd, env, stdin_path=None):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            if stdin_path:
                os.dup2(os.open(stdin_path, os.O_RDONLY), 0)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.WEXITSTATUS(status) not in (0, 1, 2):
        sys.exit("%s: exit status %d" % (" ".join(cmd), os.WEXITSTATUS(status)))
    return wall, ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--builddir", default=os.environ.get("builddir", "."))
    ap.add_argument("--sizes", default="1000,10000,20000,100000")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--jobs", default="1,2,default")
    ap.add_argument("--workdir")
    ap.add_argument("--no-stdin", action="store_true")
    a = ap.parse_args()

    exe, extra_env = find_validator(os.path.abspath(a.builddir))
    env = dict(os.environ, **extra_env)
    jobs = a.jobs.split(",")
    work = a.workdir or tempfile.mkdtemp(prefix="dp-jobs.")
    os.makedirs(work, exist_ok=True)
    inputs = []
    for n in [int(x) for x in a.sizes.split(",")]:
        for fmt in ("jsonl", "csv"):
            path = os.path.join(work, "r%d.%s" % (n, fmt))
            if not os.path.exists(path):
                subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
                                "--format", fmt, str(n), path], check=True)
            inputs.append((n, fmt, path, False))
    if not a.no_stdin:
        big = max(int(x) for x in a.sizes.split(","))
        for fmt in ("jsonl", "csv"):
            inputs.append((big, fmt, os.path.join(work, "r%d.%s" % (big, fmt)),
                           True))

    print("validator: %s" % exe)
    print("online cores: %d, load at start: %s" % (
        os.cpu_count() or 0, " ".join("%.2f" % x for x in os.getloadavg())))
    print()
    print("| input | records | MB | -j | time (median) | min | speed vs -j %s "
          "| CPU time |" % jobs[0])
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for n, fmt, path, piped in inputs:
        res = {j: ([], []) for j in jobs}
        for _ in range(a.runs):
            for j in jobs:
                cmd = [exe, "--format", "json", "--no-progress"]
                if j != "default":
                    cmd += ["-j", j]
                cmd += (["-i", fmt, "-"] if piped else [path])
                w, c = once(cmd, env, path if piped else None)
                res[j][0].append(w)
                res[j][1].append(c)
        base = statistics.median(res[jobs[0]][0])
        mb = os.path.getsize(path) / 1e6
        name = ("stdin " if piped else "") + fmt
        for j in jobs:
            w, c = res[j]
            med = statistics.median(w)
            print("| %s | %d | %.1f | %s | %.1f ms | %.1f ms | %.2f× | %.1f ms |"
                  % (name, n, mb, j, med * 1e3, min(w) * 1e3, base / med,
                     statistics.median(c) * 1e3))
    print()
    print("load at the end: %s" % " ".join("%.2f" % x
                                            for x in os.getloadavg()))
    if not a.workdir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
