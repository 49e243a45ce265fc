/*
 * dueproc-py.h - private header of the C extension dueproc._dueproc.
 *
 * The extension is split by concern (doc/python.md, "Layout"):
 *   module.c    the module: its state, exceptions, helpers every file uses
 *   engine.c    the Engine type: rules, options, check(), check_json()
 *   records.c   a record dict (records.md §1-2) to a dp_record and back
 *   findings.c  the Finding type and the strings of an engine's findings
 *   files.c     check_file(), check_text(), test_file(): the FileCheck
 *               iterator over a dp_reader
 *   report.c    write_report(), report_html(): the library's writer
 *   frames.c    the per-event half of check_frame()/audit_frame(): a
 *               table's cells through dp_reader_open_table(), findings as
 *               columns (the pandas half is dueproc/frames.py)
 *
 * Names shared between the files take `dpy_`; nothing but PyInit__dueproc
 * is exported (-fvisibility=hidden).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#ifndef DUEPROC_PY_H
#define DUEPROC_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>

#include <dueproc.h>

#if PY_VERSION_HEX < 0x03090000
#error "the dueproc module needs Python 3.9 or later"
#endif

/* Python 3.9 lacks a few conveniences of 3.10. */
#if PY_VERSION_HEX < 0x030A0000
static inline PyObject *dp_newref(PyObject *o) {
  Py_INCREF(o);
  return o;
}
#define Py_NewRef(o) dp_newref((PyObject *)(o))
static inline int dpy_add_object_ref(PyObject *m, const char *name,
                                     PyObject *v) {
  Py_INCREF(v);
  if (PyModule_AddObject(m, name, v) < 0) {
    Py_DECREF(v);
    return -1;
  }
  return 0;
}
#define PyModule_AddObjectRef dpy_add_object_ref
#endif
#ifndef Py_TPFLAGS_IMMUTABLETYPE
#define Py_TPFLAGS_IMMUTABLETYPE 0
#endif
#ifndef Py_TPFLAGS_DISALLOW_INSTANTIATION
#define Py_TPFLAGS_DISALLOW_INSTANTIATION 0
#endif

/* Cast a method implementation to PyCFunction without
 * -Wcast-function-type noise. */
#define DP_METH(f) ((PyCFunction)(void (*)(void))(f))

/* ---------------------------------------------------------------------
 * Module state (module.c)
 * ------------------------------------------------------------------- */

enum { RF_COUNT = 7, EF_COUNT = 13, EB_COUNT = 2, FK_COUNT = 9 };

/* a record's string fields, an event's string and bool fields */
extern const char *const dpy_rfield_names[RF_COUNT];
extern const char *const dpy_efield_names[EF_COUNT];
extern const char *const dpy_ebool_names[EB_COUNT];
/* The keys of a finding in records.md §6, in the order of the C JSON
 * writer (dp_report_to_json). */
extern const char *const dpy_finding_keys[FK_COUNT];
enum { FK_CODE, FK_STEP, FK_OTHER, FK_EVENT, FK_RULE,
       FK_MESSAGE, FK_BASIS, FK_VERIFIED, FK_SEVERITY };

typedef struct {
  PyObject *Error;
  PyObject *RuleError;
  PyTypeObject *EngineType;
  PyTypeObject *FindingType;
  PyTypeObject *FileCheckType;
  PyObject *codes[DP_CODE__COUNT]; /* "missing", … */
  PyObject *sevs[2];               /* "error", "warning" */
  PyObject *rkeys[RF_COUNT];
  PyObject *ekeys[EF_COUNT];
  PyObject *bkeys[EB_COUNT];
  PyObject *fkeys[FK_COUNT];
  PyObject *k_attributes, *k_events, *k_isoformat;
} dp_state;

dp_state *dpy_state_of_module(PyObject *m);
/* The module that defined `tp` or one of its bases (borrowed). */
PyObject *dpy_module_of_type(PyTypeObject *tp);
/* The state of the module of self's type; NULL with an exception. */
dp_state *dpy_state_of(PyObject *self);

/* Text the library returned: UTF-8, or None for NULL. */
PyObject *dpy_str_or_none(const char *s);
/* Raise `cls` (dueproc.Error or RuleError) for DP_E* `code`, with the
 * details of `err` when it holds any. */
void dpy_raise(PyObject *cls, int code, const dp_error *err);
/* The UTF-8 of a str bound for the library (NUL-terminated): a NUL or a
 * lone surrogate is a ValueError naming `what`. */
const char *dpy_utf8_of(PyObject *s, const char *what);
/* A DP_E* code from setting a field: a ValueError naming it; -1. */
int dpy_field_error(int rc, const char *what);

/* ---------------------------------------------------------------------
 * Findings (findings.c)
 * ------------------------------------------------------------------- */

typedef struct {
  PyObject_HEAD
  PyObject *code, *severity, *step, *other, *event, *rule, *message, *basis,
      *verified;
} FindingObject;

/* Python strings of the engine's own strings (rule ids, bases, step
 * names: a few hundred, and every finding repeats some), keyed by their
 * C address, which is stable for the engine's life (an Engine loads its
 * rules only when made).  Used with the GIL held. */
typedef struct {
  const char *key;
  PyObject *val;
} sc_ent;
/* Python strings of texts a report writes, by their content: the legal
 * bases a finding cites (those in force on the record's decision date,
 * joined into the report's own text), a few dozen distinct ones. */
typedef struct {
  char *key; /* a copy of the text */
  size_t len;
  uint64_t hash;
  PyObject *val;
} tc_ent;
typedef struct {
  sc_ent *v; /* SC_SLOTS entries, made at first use; NULL: none yet */
  size_t n;
  tc_ent *t; /* TC_SLOTS entries, the same way */
  size_t tn;
} strcache;

void dpy_strcache_clear(strcache *sc);
/* dpy_str_or_none(s) for a string that lives as long as the engine. */
PyObject *dpy_cached_str(strcache *sc, const char *s);
/* dpy_str_or_none(s) for text of a report that repeats (a basis), by its
 * content. */
PyObject *dpy_cached_text(strcache *sc, const char *s);
/* A Finding from finding `f` of a report, message in `lang`; sc (may be
 * NULL) caches the engine's strings. */
PyObject *dpy_finding_from_c(dp_state *st, const dp_finding *f, dp_lang lang,
                             strcache *sc);
/* The findings of a report as a list of Finding. */
PyObject *dpy_report_to_list(dp_state *st, const dp_report *rep,
                             dp_lang lang, strcache *sc);
extern PyType_Spec dpy_finding_spec;

/* ---------------------------------------------------------------------
 * Records (records.c)
 * ------------------------------------------------------------------- */

/* A dict (records.md §1-2) into the empty record r: 0, or -1 with
 * TypeError/ValueError naming the field. */
int dpy_record_from_dict(dp_state *st, PyObject *rec, dp_record *r);
/* The datetime C API for this file (each file that uses it imports it):
 * 0, or -1 with an exception. */
int dpy_records_init(void);
/* The record-level string fields of `r` as a dict (None where unset). */
PyObject *dpy_record_fields(const dp_record *r);

/* ---------------------------------------------------------------------
 * Engine (engine.c)
 * ------------------------------------------------------------------- */

typedef struct {
  PyObject_HEAD
  dp_engine *e;
  dp_lang lang;
  PyObject *texts; /* tuple of (source: str, text: bytes) */
  strcache strs;   /* Python strings of the engine's strings */
} EngineObject;

/* What the keyword arguments ask of dp_check(), as the validator's -p,
 * --in-progress and --as-of. */
typedef struct {
  const char *procedure; /* the engine's key (borrowed from it), or NULL */
  unsigned flags;        /* DP_CHECK_IN_PROGRESS, DP_CHECK_AS_OF */
  int32_t as_of;
} check_opts;

/* As dpy_records_init(), for engine.c (as_of=). */
int dpy_engine_init(void);
int dpy_parse_lang(PyObject *lang, dp_lang *out);
/* An engine of type `type` from the embedded defaults plus `texts`, a
 * tuple of (source, bytes) pairs loaded in order. */
PyObject *dpy_engine_from_texts(PyTypeObject *type, PyObject *texts,
                                dp_lang lang);
/* The keyword arguments procedure=, in_progress=, as_of= to a check_opts;
 * -1 with ValueError or TypeError. */
int dpy_parse_check_opts(EngineObject *self, PyObject *procedure,
                         PyObject *in_progress, PyObject *as_of,
                         check_opts *o);
/* dp_check() with the options (a record's own procedure is kept).  Called
 * without the GIL. */
int dpy_check_with(const dp_engine *e, const dp_record *r,
                   const check_opts *o, dp_report **rep);
/* The index of str `f` among names[0..n), or -1 (no exception set). */
int dpy_name_index(PyObject *f, const char *const *names, size_t n);
/* The processors this process may run on (at least 1). */
int dpy_cpu_count(void);
/* format=: None, 'auto', 'json', 'jsonl', 'csv', 'ledger'. */
int dpy_parse_format(PyObject *f, dp_format *out);
extern PyType_Spec dpy_engine_spec;

/* ---------------------------------------------------------------------
 * Files (files.c), the writer (report.c), frames (frames.c): Engine
 * methods
 * ------------------------------------------------------------------- */

/* Open a reader over path as check_file does: OSError, dueproc.Error.
 * NULL with the exception set. */
dp_reader *dpy_open_path(dp_state *st, PyObject *path, dp_format fmt,
                         const char *encoding);
/* The ledger map of a reader: the default with the engine's names, then
 * the file `path` (None: none).  NULL with an exception set. */
dp_ledger_map *dpy_ledger_map_for(dp_state *st, const dp_engine *e,
                                  PyObject *path);
extern PyType_Spec dpy_filecheck_spec;

PyObject *dpy_engine_test_file(EngineObject *self, PyObject *args,
                               PyObject *kwds);
PyObject *dpy_engine_check_file(EngineObject *self, PyObject *args,
                                PyObject *kwds);
PyObject *dpy_engine_check_text(EngineObject *self, PyObject *args,
                                PyObject *kwds);
PyObject *dpy_engine_write_report(EngineObject *self, PyObject *args,
                                  PyObject *kwds);
PyObject *dpy_engine_report_html(EngineObject *self, PyObject *args,
                                 PyObject *kwds);
PyObject *dpy_engine_check_table(EngineObject *self, PyObject *args,
                                 PyObject *kwds);
PyObject *dpy_engine_check_source(EngineObject *self, PyObject *args,
                                  PyObject *kwds);

#endif /* DUEPROC_PY_H */
