"""Build the dueproc package for pip: the C extension dueproc._dueproc
(src/*.c) and the Python around it (dueproc/, dueproc_cli, dueproc_dask),
with their type stubs.

    pip install ./bindings/python                  # against an installed
                                                   # libdueproc (pkg-config)
    pip install --no-build-isolation ./bindings/python   # offline

The compiler and linker flags come from `pkg-config --cflags --libs
dueproc`.  To build against a source and build tree instead of an installed
library, set DUEPROC_SRCDIR (the top of the source tree) and
DUEPROC_BUILDDIR (the top of a configured and built tree): the headers then
come from $DUEPROC_SRCDIR/include and the library from
$DUEPROC_BUILDDIR/lib/.libs (recorded as the module's run path).

`make` builds the same module in the build tree without this file
(Makefile.am, section "Python binding").
"""

import os
import shlex
import shutil
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def version_from_header(header):
    parts = {}
    with open(header, encoding="utf-8") as f:
        for line in f:
            for p in ("MAJOR", "MINOR", "PATCH"):
                key = "#define DP_VERSION_" + p + " "
                if line.startswith(key):
                    parts[p] = line[len(key):].split()[0]
    return "%s.%s.%s" % (parts["MAJOR"], parts["MINOR"], parts["PATCH"])


def in_tree():
    src = os.environ.get("DUEPROC_SRCDIR")
    build = os.environ.get("DUEPROC_BUILDDIR")
    if not (src and build):
        return None
    src, build = os.path.abspath(src), os.path.abspath(build)
    libdir = os.path.join(build, "lib", ".libs")
    return {
        "include_dirs": [os.path.join(src, "include")],
        "library_dirs": [libdir],
        "runtime_library_dirs": [libdir],
        "libraries": ["dueproc"],
        "version": version_from_header(os.path.join(src, "include",
                                                    "dueproc.h")),
    }


def from_pkg_config():
    pc = os.environ.get("PKG_CONFIG", "pkg-config")
    if not shutil.which(pc):
        raise SystemExit("setup.py: pkg-config not found; install it, or set "
                         "DUEPROC_SRCDIR and DUEPROC_BUILDDIR to build against "
                         "a dueproc source/build tree")
    try:
        flags = subprocess.run([pc, "--cflags", "--libs", "dueproc"],
                               check=True, capture_output=True,
                               text=True).stdout
        version = subprocess.run([pc, "--modversion", "dueproc"], check=True,
                                 capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as e:
        raise SystemExit("setup.py: pkg-config cannot find dueproc (%s); "
                         "install libdueproc first (make install), set "
                         "PKG_CONFIG_PATH, or set DUEPROC_SRCDIR and "
                         "DUEPROC_BUILDDIR" % e.stderr.strip())
    cfg = {"include_dirs": [], "library_dirs": [], "libraries": [],
           "extra_compile_args": [], "extra_link_args": [],
           "version": version.strip()}
    for tok in shlex.split(flags):
        if tok.startswith("-I"):
            cfg["include_dirs"].append(tok[2:])
        elif tok.startswith("-L"):
            cfg["library_dirs"].append(tok[2:])
        elif tok.startswith("-l"):
            cfg["libraries"].append(tok[2:])
        elif tok.startswith("-D") or tok.startswith("-pthread"):
            cfg["extra_compile_args"].append(tok)
        else:
            cfg["extra_link_args"].append(tok)
    return cfg


class build_py_with_stubs(build_py):
    """Put dueproc_dask.pyi next to dueproc_dask.py (a module's stub is no
    package data; the package's own stubs are)."""

    def run(self):
        super().run()
        self.copy_file(os.path.join(HERE, "dueproc_dask.pyi"),
                       os.path.join(self.build_lib, "dueproc_dask.pyi"))


# The C sources, by their full path unless pip runs this file from its own
# directory (a relative path with .. would put objects outside build_temp).
SOURCES = ["src/module.c", "src/engine.c", "src/records.c", "src/findings.c",
           "src/files.c", "src/report.c", "src/frames.c"]
if os.path.abspath(os.getcwd()) != HERE:
    SOURCES = [os.path.join(HERE, s) for s in SOURCES]


cfg = in_tree() or from_pkg_config()
version = cfg.pop("version")

setup(
    name="dueproc",
    version=version,
    description="Check the procedure of Chinese administrative normative "
                "documents and major decisions (binding of libdueproc)",
    license="MIT",
    python_requires=">=3.9",
    # the package: the C extension and dueproc.frames, with the stubs
    packages=["dueproc"],
    package_data={"dueproc": ["__init__.pyi", "frames.pyi", "py.typed"]},
    # python3 -m dueproc_cli: the command line, Excel workbooks included;
    # dueproc_dask: logs checked on Dask workers (doc/scale.md)
    py_modules=["dueproc_cli", "dueproc_dask"],
    ext_modules=[Extension(
        "dueproc._dueproc",
        sources=SOURCES,
        depends=[os.path.join(HERE, "src", "dueproc-py.h")],
        # nothing but PyInit__dueproc exported, as make builds it
        # -pthread: check_frame checks on threads of its own
        extra_compile_args=["-std=c11", "-fvisibility=hidden", "-pthread"]
        + cfg.pop("extra_compile_args", []),
        extra_link_args=["-pthread"] + cfg.pop("extra_link_args", []),
        **cfg)],
    cmdclass={"build_py": build_py_with_stubs},
    extras_require={"frame": ["pandas"], "chart": ["matplotlib"],
                    "dask": ["pandas", "dask[dataframe]", "distributed"]},
)
