/*
 * dueproc.c - the CPython extension module `dueproc` over libdueproc.
 *
 * Thin by design (STYLE.md §9): this file converts between Python objects
 * and the public C API of include/dueproc.h and holds no rule logic.  Every
 * verdict comes from dp_check(); every record read from a file comes from a
 * dp_reader.
 *
 * Types (heap types, created per module; module state in the PyModuleDef):
 *   Engine     a dp_engine plus the rule texts it was built from (pickling)
 *   Finding    one finding of a report, immutable, compared by value
 *   FileCheck  the iterator check_file() returns (a dp_reader)
 *   Error, RuleError(Error)   exceptions with .code/.source/.line/.column
 *
 * The GIL is released around dp_check(), dp_reader_next() and rule
 * loading; a dp_engine is read-only once loaded, so one Engine may be used
 * from several threads.
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <structmember.h>

#include <errno.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

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
static int PyModule_AddObjectRef(PyObject *m, const char *name, PyObject *v) {
  Py_INCREF(v);
  if (PyModule_AddObject(m, name, v) < 0) {
    Py_DECREF(v);
    return -1;
  }
  return 0;
}
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
 * Module state
 * ------------------------------------------------------------------- */

enum { RF_COUNT = 7, EF_COUNT = 13, EB_COUNT = 2, FK_COUNT = 9 };

static const char *const rfield_names[RF_COUNT] = {
    "id",         "procedure",     "title",      "authority",
    "doc_number", "effective_date", "valid_until"};
static const char *const efield_names[EF_COUNT] = {
    "step", "label", "date", "start", "end",
    "result", "by", "meeting", "channel", "reason",
    "materials_sent", "announced", "requested"};
static const char *const ebool_names[EB_COUNT] = {"signed",
                                                  "feedback_published"};
/* The keys of a finding in records.md §6, in the order of the C JSON
 * writer (dp_report_to_json). */
static const char *const finding_keys[FK_COUNT] = {
    "code", "step", "other", "event", "rule",
    "message", "basis", "verified", "severity"};
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

static struct PyModuleDef dueproc_module;

static dp_state *state_of_module(PyObject *m) {
  return (dp_state *)PyModule_GetState(m);
}

/* The module that defined `tp` or one of its bases (borrowed). */
static PyObject *module_of_type(PyTypeObject *tp) {
#if PY_VERSION_HEX >= 0x030B0000
  return PyType_GetModuleByDef(tp, &dueproc_module);
#else
  PyObject *mro = tp->tp_mro;
  Py_ssize_t n = mro ? PyTuple_GET_SIZE(mro) : 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyTypeObject *b = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
    if (!PyType_HasFeature(b, Py_TPFLAGS_HEAPTYPE)) continue;
    PyObject *m = PyType_GetModule(b);
    if (m && PyModule_GetDef(m) == &dueproc_module) return m;
    PyErr_Clear();
  }
  PyErr_SetString(PyExc_TypeError, "not a dueproc type");
  return NULL;
#endif
}

static dp_state *state_of(PyObject *self) {
  PyObject *m = module_of_type(Py_TYPE(self));
  return m ? state_of_module(m) : NULL;
}

/* ---------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------- */

/* Text the library returned: UTF-8, or None for NULL.  Invalid bytes (never
 * expected) are replaced rather than raising in the middle of a report. */
static PyObject *str_or_none(const char *s) {
  if (!s) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* Raise `cls` (dueproc.Error or RuleError) for DP_E* `code`, with the
 * details of `err` when it holds any. */
static void raise_dp(PyObject *cls, int code, const dp_error *err) {
  char buf[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
  int have = err && err->code != 0;
  if (code == DP_ENOMEM) {
    PyErr_NoMemory();
    return;
  }
  if (have) dp_error_format(err, buf, sizeof buf);
  else snprintf(buf, sizeof buf, "%s", dp_strerror(code));
  PyObject *exc = PyObject_CallFunction(cls, "s", buf);
  if (!exc) return;
  const char *name = dp_error_name(have ? err->code : code);
  PyObject *v;
  if ((v = str_or_none(name)) == NULL ||
      PyObject_SetAttrString(exc, "code", v) < 0)
    goto fail;
  Py_DECREF(v);
  if (have) {
    if ((v = str_or_none(err->source[0] ? err->source : NULL)) == NULL ||
        PyObject_SetAttrString(exc, "source", v) < 0)
      goto fail;
    Py_DECREF(v);
    if ((v = PyLong_FromLong(err->line)) == NULL ||
        PyObject_SetAttrString(exc, "line", v) < 0)
      goto fail;
    Py_DECREF(v);
    if ((v = PyLong_FromLong(err->column)) == NULL ||
        PyObject_SetAttrString(exc, "column", v) < 0)
      goto fail;
    Py_DECREF(v);
    if ((v = str_or_none(err->text)) == NULL ||
        PyObject_SetAttrString(exc, "text", v) < 0)
      goto fail;
    Py_DECREF(v);
  }
  PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
  Py_DECREF(exc);
  return;
fail:
  Py_XDECREF(v);
  Py_DECREF(exc);
}

/* The UTF-8 of a str bound for the library, which takes NUL-terminated
 * text: a NUL inside it or a lone surrogate is a ValueError naming the
 * field. */
static const char *utf8_of(PyObject *s, const char *what) {
  Py_ssize_t n;
  const char *u = PyUnicode_AsUTF8AndSize(s, &n);
  if (!u) {
    if (PyErr_ExceptionMatches(PyExc_UnicodeError)) {
      PyErr_Clear();
      PyErr_Format(PyExc_ValueError, "%s is not valid text (it cannot be "
                   "encoded as UTF-8)", what);
    }
    return NULL;
  }
  if ((size_t)n != strlen(u)) {
    PyErr_Format(PyExc_ValueError, "%s contains a NUL character", what);
    return NULL;
  }
  return u;
}

/* A DP_E* code from setting a field: a ValueError naming it. */
static int field_error(int rc, const char *what) {
  if (rc == DP_ENOMEM) PyErr_NoMemory();
  else if (rc == DP_ELIMIT)
    PyErr_Format(PyExc_ValueError, "%s exceeds a limit of the library (%s)",
                 what, dp_strerror(rc));
  else
    PyErr_Format(PyExc_ValueError, "%s: %s (too long?)", what,
                 dp_strerror(rc));
  return -1;
}

/* ---------------------------------------------------------------------
 * Finding
 * ------------------------------------------------------------------- */

typedef struct {
  PyObject_HEAD
  PyObject *code, *severity, *step, *other, *event, *rule, *message, *basis,
      *verified;
} FindingObject;

#define F_FIELDS(X) \
  X(code) X(severity) X(step) X(other) X(event) X(rule) X(message) \
  X(basis) X(verified)

static void Finding_dealloc(FindingObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
#define X(n) Py_XDECREF(self->n);
  F_FIELDS(X)
#undef X
  tp->tp_free((PyObject *)self);
  Py_DECREF(tp);
}

/* Python strings of the engine's own strings (rule ids, bases, step
 * names: a few hundred, and every finding repeats some), keyed by their
 * C address, which is stable for the engine's life (an Engine loads its
 * rules only when made).  Used with the GIL held. */
#define SC_SLOTS 512
typedef struct {
  const char *key;
  PyObject *val;
} sc_ent;
typedef struct {
  sc_ent *v; /* SC_SLOTS entries, made at first use; NULL: none yet */
  size_t n;
} strcache;

static void strcache_clear(strcache *sc) {
  if (!sc->v) return;
  for (size_t i = 0; i < SC_SLOTS; i++) Py_XDECREF(sc->v[i].val);
  PyMem_Free(sc->v);
  sc->v = NULL;
  sc->n = 0;
}

/* str_or_none(s) for a string that lives as long as the engine. */
static PyObject *cached_str(strcache *sc, const char *s) {
  if (!s || !sc) return str_or_none(s);
  if (!sc->v && !(sc->v = PyMem_Calloc(SC_SLOTS, sizeof *sc->v)))
    return str_or_none(s);
  size_t h = (size_t)(((uint64_t)(uintptr_t)s >> 3) *
                      UINT64_C(0x9E3779B97F4A7C15) >> 55) & (SC_SLOTS - 1);
  for (size_t k = 0; k < SC_SLOTS; k++, h = (h + 1) & (SC_SLOTS - 1)) {
    if (sc->v[h].key == s) return Py_NewRef(sc->v[h].val);
    if (!sc->v[h].key) {
      PyObject *o = str_or_none(s);
      if (o && sc->n < SC_SLOTS / 2) { /* keep it half empty */
        sc->v[h].key = s;
        sc->v[h].val = Py_NewRef(o);
        sc->n++;
      }
      return o;
    }
  }
  return str_or_none(s);
}

/* A Finding from finding `f` of a report, message in `lang`; sc (may be
 * NULL) caches the engine's strings. */
static PyObject *finding_from_c(dp_state *st, const dp_finding *f,
                                dp_lang lang, strcache *sc) {
  FindingObject *o =
      (FindingObject *)st->FindingType->tp_alloc(st->FindingType, 0);
  if (!o) return NULL;
  dp_code c = dp_finding_code(f);
  if ((unsigned)c < DP_CODE__COUNT) {
    o->code = Py_NewRef(st->codes[c]);
  } else if (!(o->code = str_or_none(dp_code_name(c)))) {
    goto fail;
  }
  o->severity = Py_NewRef(st->sevs[dp_finding_severity(f) == DP_WARNING]);
  int ev = dp_finding_event(f);
  if (!(o->step = cached_str(sc, dp_finding_step(f))) ||
      !(o->other = cached_str(sc, dp_finding_other(f))) ||
      !(o->event = ev >= 0 ? PyLong_FromLong(ev) : Py_NewRef(Py_None)) ||
      !(o->rule = cached_str(sc, dp_finding_rule(f))) ||
      !(o->message = str_or_none(dp_finding_message(f, lang))) ||
      /* a finding cites the bases in force on the record's decision date,
       * written into the report: not an engine string to cache */
      !(o->basis = str_or_none(dp_finding_basis(f))))
    goto fail;
  o->verified = PyBool_FromLong(dp_finding_verified(f));
  return (PyObject *)o;
fail:
  Py_DECREF(o);
  return NULL;
}

/* The findings of a report as a list. */
static PyObject *report_to_list(dp_state *st, const dp_report *rep,
                                dp_lang lang, strcache *sc) {
  size_t n = dp_report_count(rep);
  PyObject *list = PyList_New((Py_ssize_t)n);
  if (!list) return NULL;
  for (size_t i = 0; i < n; i++) {
    PyObject *f = finding_from_c(st, dp_report_finding(rep, i), lang, sc);
    if (!f) {
      Py_DECREF(list);
      return NULL;
    }
    PyList_SET_ITEM(list, (Py_ssize_t)i, f);
  }
  return list;
}

static int check_str(PyObject *v, const char *name, int none_ok) {
  if (PyUnicode_Check(v) || (none_ok && v == Py_None)) return 0;
  PyErr_Format(PyExc_TypeError, "Finding.%s must be str%s, not %.100s", name,
               none_ok ? " or None" : "", Py_TYPE(v)->tp_name);
  return -1;
}

static PyObject *Finding_new(PyTypeObject *type, PyObject *args,
                             PyObject *kwds) {
  static char *kwlist[] = {"code", "severity", "step", "other", "event",
                           "rule", "message", "basis", "verified", NULL};
  PyObject *v[9];
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOOOOOOOO:Finding", kwlist,
                                   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                                   &v[6], &v[7], &v[8]))
    return NULL;
  if (check_str(v[0], "code", 0) || check_str(v[1], "severity", 0) ||
      check_str(v[2], "step", 1) || check_str(v[3], "other", 1) ||
      check_str(v[5], "rule", 0) || check_str(v[6], "message", 0) ||
      check_str(v[7], "basis", 0))
    return NULL;
  if (v[4] != Py_None && !PyLong_CheckExact(v[4])) {
    PyErr_Format(PyExc_TypeError, "Finding.event must be int or None, not "
                 "%.100s", Py_TYPE(v[4])->tp_name);
    return NULL;
  }
  int conf = PyObject_IsTrue(v[8]);
  if (conf < 0) return NULL;
  FindingObject *o = (FindingObject *)type->tp_alloc(type, 0);
  if (!o) return NULL;
  o->code = Py_NewRef(v[0]);
  o->severity = Py_NewRef(v[1]);
  o->step = Py_NewRef(v[2]);
  o->other = Py_NewRef(v[3]);
  o->event = Py_NewRef(v[4]);
  o->rule = Py_NewRef(v[5]);
  o->message = Py_NewRef(v[6]);
  o->basis = Py_NewRef(v[7]);
  o->verified = PyBool_FromLong(conf);
  return (PyObject *)o;
}

static PyObject *Finding_to_dict(FindingObject *self, PyObject *unused) {
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  PyObject *d = PyDict_New();
  if (!d) return NULL;
  /* the order of dp_report_to_json */
  struct {
    int key;
    PyObject *v;
    int optional;
  } items[] = {
      {FK_CODE, self->code, 0},       {FK_SEVERITY, self->severity, 0},
      {FK_STEP, self->step, 1},       {FK_OTHER, self->other, 1},
      {FK_EVENT, self->event, 1},     {FK_RULE, self->rule, 0},
      {FK_MESSAGE, self->message, 0}, {FK_BASIS, self->basis, 0},
      {FK_VERIFIED, self->verified, 0}};
  for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
    if (items[i].optional && items[i].v == Py_None) continue;
    if (PyDict_SetItem(d, st->fkeys[items[i].key], items[i].v) < 0) {
      Py_DECREF(d);
      return NULL;
    }
  }
  return d;
}

static PyObject *Finding_reduce(FindingObject *self, PyObject *unused) {
  return Py_BuildValue("O(OOOOOOOOO)", (PyObject *)Py_TYPE(self), self->code,
                       self->severity, self->step, self->other, self->event,
                       self->rule, self->message, self->basis,
                       self->verified);
}

static PyObject *Finding_repr(FindingObject *self) {
  return PyUnicode_FromFormat(
      "Finding(code=%R, severity=%R, step=%R, other=%R, event=%R, rule=%R, "
      "message=%R, basis=%R, verified=%R)",
      self->code, self->severity, self->step, self->other, self->event,
      self->rule, self->message, self->basis, self->verified);
}

static PyObject *Finding_richcompare(PyObject *a, PyObject *b, int op) {
  if ((op != Py_EQ && op != Py_NE) || Py_TYPE(a) != Py_TYPE(b))
    Py_RETURN_NOTIMPLEMENTED;
  FindingObject *x = (FindingObject *)a, *y = (FindingObject *)b;
  int eq = 1;
#define X(n)                                               \
  if (eq) {                                                \
    int r = PyObject_RichCompareBool(x->n, y->n, Py_EQ);   \
    if (r < 0) return NULL;                                \
    eq = r;                                                \
  }
  F_FIELDS(X)
#undef X
  return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static Py_hash_t Finding_hash(FindingObject *self) {
  PyObject *t = PyTuple_Pack(9, self->code, self->severity, self->step,
                             self->other, self->event, self->rule,
                             self->message, self->basis, self->verified);
  if (!t) return -1;
  Py_hash_t h = PyObject_Hash(t);
  Py_DECREF(t);
  return h;
}

static PyMemberDef Finding_members[] = {
    {"code", T_OBJECT, offsetof(FindingObject, code), READONLY,
     "The finding code of records.md §6: missing, out_of_order, too_short, "
     "too_long, overdue, after_rejection, incomplete, malformed or "
     "invalid_record."},
    {"severity", T_OBJECT, offsetof(FindingObject, severity), READONLY,
     "'error' or 'warning'."},
    {"step", T_OBJECT, offsetof(FindingObject, step), READONLY,
     "The canonical step the finding is about, or None."},
    {"other", T_OBJECT, offsetof(FindingObject, other), READONLY,
     "The other step (the one that must come first, the failed review, the "
     "step a deadline runs from), or None."},
    {"event", T_OBJECT, offsetof(FindingObject, event), READONLY,
     "0-based index of the event concerned in the record's events, or "
     "None."},
    {"rule", T_OBJECT, offsetof(FindingObject, rule), READONLY,
     "The id of the rule, e.g. 'nd.review-before-decision'."},
    {"message", T_OBJECT, offsetof(FindingObject, message), READONLY,
     "The message, in the language of the engine that made the finding."},
    {"basis", T_OBJECT, offsetof(FindingObject, basis), READONLY,
     "The legal basis of the rule, e.g. '国办发〔2018〕37号 二(六)'."},
    {"verified", T_OBJECT, offsetof(FindingObject, verified), READONLY,
     "True if the rule's wording is verified in the official text, False "
     "if only reported."},
    {NULL}};

static PyMethodDef Finding_methods[] = {
    {"to_dict", DP_METH(Finding_to_dict), METH_NOARGS,
     "to_dict() -> dict\n\nThe finding as in records.md §6: the keys of the "
     "C JSON writer in its order (code, severity, step, other, event, rule, "
     "message, basis, verified); step, other and event are left out when "
     "absent."},
    {"__reduce__", DP_METH(Finding_reduce), METH_NOARGS,
     "Pickle support."},
    {NULL}};

static PyType_Slot Finding_slots[] = {
    {Py_tp_doc,
     "Finding(code, severity, step, other, event, rule, message, basis, "
     "verified)\n--\n\n"
     "One finding about a record (records.md §6).  Immutable; compared and "
     "hashed by value; picklable.  Engine.check() and friends make them."},
    {Py_tp_new, Finding_new},
    {Py_tp_dealloc, Finding_dealloc},
    {Py_tp_repr, Finding_repr},
    {Py_tp_richcompare, Finding_richcompare},
    {Py_tp_hash, Finding_hash},
    {Py_tp_members, Finding_members},
    {Py_tp_methods, Finding_methods},
    {0, NULL}};

static PyType_Spec Finding_spec = {
    "dueproc.Finding", sizeof(FindingObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, Finding_slots};

/* ---------------------------------------------------------------------
 * Records: a dict (records.md §1–2) to a dp_record
 * ------------------------------------------------------------------- */

/* A borrowed value of `key` in dict `d`, or NULL (check PyErr_Occurred). */
static PyObject *dict_get(PyObject *d, PyObject *key) {
  return PyDict_GetItemWithError(d, key);
}

/* A date field value: str, datetime.date/datetime.datetime (ISO text).
 * Returns a new reference to a str, or NULL with an exception set. */
static PyObject *date_text(dp_state *st, PyObject *v, const char *what) {
  if (PyUnicode_Check(v)) return Py_NewRef(v);
  if (PyDate_Check(v)) {
    PyObject *s = PyObject_CallMethodNoArgs(v, st->k_isoformat);
    if (s && !PyUnicode_Check(s)) {
      Py_DECREF(s);
      PyErr_Format(PyExc_TypeError, "%s: isoformat() did not return str",
                   what);
      return NULL;
    }
    return s;
  }
  PyErr_Format(PyExc_TypeError,
               "%s must be str, datetime.date or None, not %.100s", what,
               Py_TYPE(v)->tp_name);
  return NULL;
}

static int set_event(dp_state *st, dp_record *r, PyObject *ev, size_t idx) {
  char what[96];
  if (!PyDict_Check(ev)) {
    PyErr_Format(PyExc_TypeError, "events[%zu] must be a dict, not %.100s",
                 idx, Py_TYPE(ev)->tp_name);
    return -1;
  }
  int i = dp_record_add_event(r);
  if (i < 0) {
    snprintf(what, sizeof what, "events[%zu]", idx);
    return field_error(i, what);
  }
  for (int k = 0; k < EF_COUNT; k++) {
    PyObject *v = dict_get(ev, st->ekeys[k]);
    if (!v) {
      if (PyErr_Occurred()) return -1;
      continue;
    }
    if (v == Py_None) continue;
    snprintf(what, sizeof what, "events[%zu].%s", idx, efield_names[k]);
    PyObject *s;
    if ((k >= 2 && k <= 4) || k >= 10) { /* date, start, end; the dates
                                            of notices */
      Py_INCREF(v);
      s = date_text(st, v, what);
      Py_DECREF(v);
      if (!s) return -1;
    } else if (PyUnicode_Check(v)) {
      s = Py_NewRef(v);
    } else {
      PyErr_Format(PyExc_TypeError, "%s must be str or None, not %.100s",
                   what, Py_TYPE(v)->tp_name);
      return -1;
    }
    const char *u = utf8_of(s, what);
    int rc = u ? dp_event_set(r, (size_t)i, efield_names[k], u, NULL) : -1;
    Py_DECREF(s);
    if (!u) return -1;
    if (rc) return field_error(rc, what);
  }
  for (int k = 0; k < EB_COUNT; k++) {
    PyObject *v = dict_get(ev, st->bkeys[k]);
    if (!v) {
      if (PyErr_Occurred()) return -1;
      continue;
    }
    if (v == Py_None) continue;
    if (!PyBool_Check(v)) {
      PyErr_Format(PyExc_TypeError,
                   "events[%zu].%s must be bool or None, not %.100s", idx,
                   ebool_names[k], Py_TYPE(v)->tp_name);
      return -1;
    }
    int rc = dp_event_set_bool(r, (size_t)i, ebool_names[k], v == Py_True);
    if (rc) {
      snprintf(what, sizeof what, "events[%zu].%s", idx, ebool_names[k]);
      return field_error(rc, what);
    }
  }
  return 0;
}

/* Fill `r` from dict `rec`; -1 with TypeError/ValueError naming the field. */
static int record_from_dict(dp_state *st, PyObject *rec, dp_record *r) {
  if (!PyDict_Check(rec)) {
    PyErr_Format(PyExc_TypeError, "a record must be a dict, not %.100s",
                 Py_TYPE(rec)->tp_name);
    return -1;
  }
  for (int k = 0; k < RF_COUNT; k++) {
    PyObject *v = dict_get(rec, st->rkeys[k]);
    if (!v) {
      if (PyErr_Occurred()) return -1;
      continue;
    }
    if (v == Py_None) continue;
    if (!PyUnicode_Check(v)) {
      PyErr_Format(PyExc_TypeError, "%s must be str or None, not %.100s",
                   rfield_names[k], Py_TYPE(v)->tp_name);
      return -1;
    }
    const char *u = utf8_of(v, rfield_names[k]);
    if (!u) return -1;
    int rc = dp_record_set(r, rfield_names[k], u);
    if (rc) return field_error(rc, rfield_names[k]);
  }

  PyObject *attrs = dict_get(rec, st->k_attributes);
  if (!attrs && PyErr_Occurred()) return -1;
  if (attrs && attrs != Py_None) {
    if (!PyDict_Check(attrs)) {
      PyErr_Format(PyExc_TypeError,
                   "attributes must be a dict of bool, not %.100s",
                   Py_TYPE(attrs)->tp_name);
      return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *key, *val;
    while (PyDict_Next(attrs, &pos, &key, &val)) {
      if (!PyUnicode_Check(key)) {
        PyErr_Format(PyExc_TypeError,
                     "attributes: names must be str, not %.100s",
                     Py_TYPE(key)->tp_name);
        return -1;
      }
      if (!PyBool_Check(val) && !PyUnicode_Check(val)) {
        PyErr_Format(PyExc_TypeError,
                     "attributes.%U must be bool or str, not %.100s", key,
                     Py_TYPE(val)->tp_name);
        return -1;
      }
      const char *u = utf8_of(key, "an attribute name");
      if (!u) return -1;
      if (!*u) {
        PyErr_SetString(PyExc_ValueError, "attributes: empty name");
        return -1;
      }
      /* a string (issuer, kind) is judged by the check, like a bool */
      const char *sv = PyUnicode_Check(val) ? utf8_of(val, "an attribute") : NULL;
      if (PyUnicode_Check(val) && !sv) return -1;
      int rc = sv ? dp_record_set_attribute_string(r, u, sv, NULL)
                  : dp_record_set_attribute(r, u, val == Py_True, NULL);
      if (rc) {
        char what[160];
        snprintf(what, sizeof what, "attributes.%.120s", u);
        return field_error(rc, what);
      }
    }
  }

  /* the steps the source does not mention (records.md §8.5) */
  PyObject *unknown = PyDict_GetItemString(rec, "unknown");
  if (unknown && unknown != Py_None) {
    if (!PyList_Check(unknown) && !PyTuple_Check(unknown)) {
      PyErr_Format(PyExc_TypeError, "unknown must be a list of str, not %.100s",
                   Py_TYPE(unknown)->tp_name);
      return -1;
    }
    for (Py_ssize_t i = 0; i < PySequence_Size(unknown); i++) {
      PyObject *s = PySequence_GetItem(unknown, i);
      if (!s) return -1;
      const char *u = PyUnicode_Check(s) ? utf8_of(s, "unknown") : NULL;
      int rc = u ? dp_record_add_unknown(r, u, NULL) : DP_EINVAL;
      int is_str = PyUnicode_Check(s);
      Py_DECREF(s);
      if (!is_str) {
        PyErr_SetString(PyExc_TypeError, "unknown must be a list of str");
        return -1;
      }
      if (!u) return -1;
      if (rc) return field_error(rc, "unknown");
    }
  }

  PyObject *events = dict_get(rec, st->k_events);
  if (!events && PyErr_Occurred()) return -1;
  if (events && events != Py_None) {
    if (!PyList_Check(events) && !PyTuple_Check(events)) {
      PyErr_Format(PyExc_TypeError,
                   "events must be a list of dicts, not %.100s",
                   Py_TYPE(events)->tp_name);
      return -1;
    }
    Py_INCREF(events);
    int rc = 0;
    /* re-read the length each time: isoformat() of a date subclass is
     * Python code and could change the list */
    for (Py_ssize_t i = 0; rc == 0 && i < PySequence_Fast_GET_SIZE(events);
         i++) {
      PyObject *ev = PySequence_Fast_GET_ITEM(events, i);
      Py_INCREF(ev);
      rc = set_event(st, r, ev, (size_t)i);
      Py_DECREF(ev);
    }
    Py_DECREF(events);
    if (rc) return -1;
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * Engine
 * ------------------------------------------------------------------- */

typedef struct {
  PyObject_HEAD
  dp_engine *e;
  dp_lang lang;
  PyObject *texts; /* tuple of (source: str, text: bytes) */
  strcache strs;   /* Python strings of the engine's strings */
} EngineObject;

static void Engine_dealloc(EngineObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
  strcache_clear(&self->strs);
  dp_engine_free(self->e);
  Py_XDECREF(self->texts);
  tp->tp_free((PyObject *)self);
  Py_DECREF(tp);
}

static int parse_lang(PyObject *lang, dp_lang *out) {
  if (lang && PyUnicode_Check(lang)) {
    if (PyUnicode_CompareWithASCIIString(lang, "zh") == 0) {
      *out = DP_LANG_ZH;
      return 0;
    }
    if (PyUnicode_CompareWithASCIIString(lang, "en") == 0) {
      *out = DP_LANG_EN;
      return 0;
    }
  }
  PyErr_Format(PyExc_ValueError, "lang must be 'zh' or 'en', not %R",
               lang ? lang : Py_None);
  return -1;
}

/* An engine of type `type` from the embedded defaults plus `texts`, a
 * tuple of (source, bytes) pairs loaded in order. */
static PyObject *engine_from_texts(PyTypeObject *type, PyObject *texts,
                                   dp_lang lang) {
  PyObject *m = module_of_type(type);
  if (!m) return NULL;
  dp_state *st = state_of_module(m);
  dp_error err;
  memset(&err, 0, sizeof err);
  EngineObject *self = (EngineObject *)type->tp_alloc(type, 0);
  if (!self) return NULL;
  self->lang = lang;
  self->texts = Py_NewRef(texts);
  int rc;
  Py_BEGIN_ALLOW_THREADS
  rc = dp_engine_new(&self->e, 0, &err);
  Py_END_ALLOW_THREADS
  if (rc) {
    raise_dp(st->Error, rc, &err);
    Py_DECREF(self);
    return NULL;
  }
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(texts); i++) {
    PyObject *pair = PyTuple_GET_ITEM(texts, i);
    PyObject *src = PyTuple_GET_ITEM(pair, 0);
    PyObject *text = PyTuple_GET_ITEM(pair, 1);
    const char *s = utf8_of(src, "a rule source name");
    if (!s) {
      Py_DECREF(self);
      return NULL;
    }
    const char *t = PyBytes_AS_STRING(text);
    size_t len = (size_t)PyBytes_GET_SIZE(text);
    memset(&err, 0, sizeof err);
    Py_BEGIN_ALLOW_THREADS
    rc = dp_engine_load_string(self->e, t, len, s, &err);
    Py_END_ALLOW_THREADS
    if (rc) {
      raise_dp(st->RuleError, rc, &err);
      Py_DECREF(self);
      return NULL;
    }
  }
  return (PyObject *)self;
}

/* Read a whole file as bytes with io.open (OSError as Python raises it). */
static PyObject *read_file(PyObject *path) {
  PyObject *io = PyImport_ImportModule("io");
  if (!io) return NULL;
  PyObject *f = PyObject_CallMethod(io, "open", "Os", path, "rb");
  Py_DECREF(io);
  if (!f) return NULL;
  PyObject *data = PyObject_CallMethod(f, "read", NULL);
  PyObject *r = PyObject_CallMethod(f, "close", NULL);
  Py_DECREF(f);
  if (!r) {
    Py_XDECREF(data);
    return NULL;
  }
  Py_DECREF(r);
  if (data && !PyBytes_Check(data)) {
    Py_DECREF(data);
    PyErr_SetString(PyExc_TypeError, "read() did not return bytes");
    return NULL;
  }
  return data;
}

/* 1 if str `s` names an existing regular file, 0 if not; -1 on error.
 * Text with a newline is never a path. */
static int names_file(PyObject *s) {
  if (PyUnicode_FindChar(s, '\n', 0, PyUnicode_GET_LENGTH(s), 1) >= 0 ||
      PyUnicode_FindChar(s, '\0', 0, PyUnicode_GET_LENGTH(s), 1) >= 0 ||
      PyUnicode_GET_LENGTH(s) == 0)
    return 0;
  PyObject *b = NULL;
  if (!PyUnicode_FSConverter(s, &b)) {
    PyErr_Clear();
    return 0;
  }
  struct stat sb;
  int r = stat(PyBytes_AS_STRING(b), &sb) == 0 && S_ISREG(sb.st_mode);
  Py_DECREF(b);
  return r;
}

/* One item of `rules` to a (source, bytes) pair. */
static PyObject *rule_item(PyObject *item, PyObject *default_source) {
  PyObject *path = NULL, *text = NULL, *src = NULL;
  if (PyUnicode_Check(item)) {
    int f = names_file(item);
    if (f < 0) return NULL;
    if (f) {
      path = Py_NewRef(item);
    } else {
      /* a path that does not exist, spelt like one: say so rather than
       * parsing the path as rule text */
      Py_ssize_t n = PyUnicode_GET_LENGTH(item);
      PyObject *suffix = PyUnicode_FromString(".rules");
      if (!suffix) return NULL;
      Py_ssize_t tm = PyUnicode_FindChar(item, '\n', 0, n, 1) < 0
                          ? PyUnicode_Tailmatch(item, suffix, 0, n, 1)
                          : 0;
      Py_DECREF(suffix);
      if (tm < 0) return NULL;
      if (tm == 1) {
        errno = ENOENT;
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, item);
        return NULL;
      }
      const char *u = utf8_of(item, "rule text");
      if (!u) return NULL;
      Py_ssize_t len;
      u = PyUnicode_AsUTF8AndSize(item, &len);
      text = PyBytes_FromStringAndSize(u, len);
      if (!text) return NULL;
      src = Py_NewRef(default_source);
    }
  } else {
    PyObject *p = PyOS_FSPath(item);
    if (!p) {
      PyErr_Format(PyExc_TypeError,
                   "rules must be None, a str, an os.PathLike or a list of "
                   "them, not %.100s",
                   Py_TYPE(item)->tp_name);
      return NULL;
    }
    if (PyBytes_Check(p)) {
      path = PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(p),
                                              PyBytes_GET_SIZE(p));
      Py_DECREF(p);
      if (!path) return NULL;
    } else {
      path = p;
    }
  }
  if (path) {
    text = read_file(path);
    if (!text) {
      Py_DECREF(path);
      return NULL;
    }
    src = path;
  }
  PyObject *pair = PyTuple_Pack(2, src, text);
  Py_DECREF(src);
  Py_DECREF(text);
  return pair;
}

/* `rules` (None, str, PathLike or a list/tuple of them) to a tuple of
 * (source, bytes) pairs. */
static PyObject *collect_rules(PyObject *rules) {
  if (!rules || rules == Py_None) return PyTuple_New(0);
  if (PyList_Check(rules) || PyTuple_Check(rules)) {
    PyObject *seq = PySequence_Tuple(rules);
    if (!seq) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    PyObject *out = PyTuple_New(n);
    if (!out) {
      Py_DECREF(seq);
      return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
      PyObject *name = PyUnicode_FromFormat("<rules[%zd]>", i);
      PyObject *pair = name ? rule_item(PyTuple_GET_ITEM(seq, i), name) : NULL;
      Py_XDECREF(name);
      if (!pair) {
        Py_DECREF(seq);
        Py_DECREF(out);
        return NULL;
      }
      PyTuple_SET_ITEM(out, i, pair);
    }
    Py_DECREF(seq);
    return out;
  }
  PyObject *name = PyUnicode_FromString("<string>");
  PyObject *pair = name ? rule_item(rules, name) : NULL;
  Py_XDECREF(name);
  if (!pair) return NULL;
  PyObject *out = PyTuple_Pack(1, pair);
  Py_DECREF(pair);
  return out;
}

static PyObject *Engine_new(PyTypeObject *type, PyObject *args,
                            PyObject *kwds) {
  static char *kwlist[] = {"rules", "lang", NULL};
  PyObject *rules = Py_None, *langobj = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO:Engine", kwlist, &rules,
                                   &langobj))
    return NULL;
  dp_lang lang = DP_LANG_ZH;
  if (langobj && parse_lang(langobj, &lang)) return NULL;
  PyObject *texts = collect_rules(rules);
  if (!texts) return NULL;
  PyObject *self = engine_from_texts(type, texts, lang);
  Py_DECREF(texts);
  return self;
}

static PyObject *Engine_reduce(EngineObject *self, PyObject *unused) {
  PyObject *m = module_of_type(Py_TYPE(self));
  if (!m) return NULL;
  PyObject *restore = PyObject_GetAttrString(m, "_restore");
  if (!restore) return NULL;
  PyObject *r = Py_BuildValue("N(OOs)", restore, (PyObject *)Py_TYPE(self),
                              self->texts,
                              self->lang == DP_LANG_EN ? "en" : "zh");
  return r;
}

/* --- the options of a check: procedure=, in_progress=, as_of= ---------- */

/* What the keyword arguments ask of dp_check(), as the validator's -p,
 * --in-progress and --as-of. */
typedef struct {
  const char *procedure; /* the engine's key (borrowed from it), or NULL */
  unsigned flags;        /* DP_CHECK_IN_PROGRESS */
  int32_t as_of;
} check_opts;

static const check_opts no_opts = {NULL, 0, DP_NO_DATE};

/* dp_check() with the options; procedure fills in a record's missing
 * procedure and never overrides its own (records.md §8.10).  Called
 * without the GIL. */
static int check_with(const dp_engine *e, const dp_record *r,
                      const check_opts *o, dp_report **rep) {
  dp_check_options co = {NULL, o->flags, o->as_of};
  if (o->procedure && !dp_record_get(r, "procedure"))
    co.procedure = o->procedure;
  return dp_check(e, r, &co, rep);
}


/* as_of: 'YYYY-MM-DD' exactly, or a datetime.date (a datetime's day). */
static int parse_as_of(PyObject *v, int32_t *day) {
  if (PyDate_Check(v)) {
    *day = dp_date_from_ymd(PyDateTime_GET_YEAR(v), PyDateTime_GET_MONTH(v),
                            PyDateTime_GET_DAY(v));
    if (*day != DP_NO_DATE) return 0;
  } else if (PyUnicode_Check(v)) {
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(v, &n);
    if (!s) return -1;
    int ok = n == 10;
    for (int i = 0; ok && i < 10; i++)
      ok = i == 4 || i == 7 ? s[i] == '-' : s[i] >= '0' && s[i] <= '9';
    if (ok) {
      *day = dp_date_from_ymd(atoi(s), atoi(s + 5), atoi(s + 8));
      if (*day != DP_NO_DATE) return 0;
    }
    PyErr_Format(PyExc_ValueError,
                 "as_of must be a date 'YYYY-MM-DD', not %R", v);
    return -1;
  } else {
    PyErr_Format(PyExc_TypeError,
                 "as_of must be None, str or datetime.date, not %.100s",
                 Py_TYPE(v)->tp_name);
    return -1;
  }
  PyErr_Format(PyExc_ValueError, "as_of: no such day: %R", v);
  return -1;
}

/* The keyword arguments to a check_opts; -1 with ValueError or TypeError.
 * as_of is the day of the check (default today, local time, as
 * datetime.date.today()): the day a validity runs out against, and the
 * day a record in progress is checked as of.  It does not make the record
 * unfinished: in_progress=True does, as the validator's --in-progress. */
static int parse_check_opts(EngineObject *self, PyObject *procedure,
                            PyObject *in_progress, PyObject *as_of,
                            check_opts *o) {
  *o = no_opts;
  if (procedure && procedure != Py_None) {
    if (!PyUnicode_Check(procedure)) {
      PyErr_Format(PyExc_TypeError, "procedure must be None or str, not "
                   "%.100s", Py_TYPE(procedure)->tp_name);
      return -1;
    }
    const char *name = utf8_of(procedure, "procedure");
    if (!name) return -1;
    o->procedure = dp_engine_find_procedure(self->e, name);
    if (!o->procedure) {
      PyObject *known = PyUnicode_FromString("");
      size_t n = dp_engine_procedure_count(self->e);
      for (size_t i = 0; known && i < n; i++) {
        PyObject *k = PyUnicode_FromFormat(
            "%s%s (%s)", i ? ", " : "", dp_engine_procedure_name(self->e, i),
            dp_engine_procedure_title(self->e, i, DP_LANG_ZH));
        if (k) PyUnicode_Append(&known, k);
        Py_XDECREF(k);
      }
      if (known)
        PyErr_Format(PyExc_ValueError,
                     "unknown procedure %R (known: %U)", procedure, known);
      Py_XDECREF(known);
      return -1;
    }
  }
  int ip = 0;
  if (in_progress && in_progress != Py_None) {
    ip = PyObject_IsTrue(in_progress);
    if (ip < 0) return -1;
  }
  if (as_of && as_of != Py_None) {
    if (parse_as_of(as_of, &o->as_of) < 0) return -1;
  } else {
    time_t t = time(NULL);
    struct tm tm;
    if (t == (time_t)-1 || !localtime_r(&t, &tm)) {
      PyErr_SetString(PyExc_OSError, "cannot tell today's date");
      return -1;
    }
    o->as_of = dp_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
                                tm.tm_mday);
  }
  o->flags |= DP_CHECK_AS_OF;
  if (ip == 1) o->flags |= DP_CHECK_IN_PROGRESS;
  return 0;
}

static PyObject *Engine_check(EngineObject *self, PyObject *args,
                              PyObject *kwds) {
  static char *kwlist[] = {"record", "procedure", "in_progress", "as_of",
                           NULL};
  PyObject *rec, *procedure = NULL, *in_progress = NULL, *as_of = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$OOO:check", kwlist, &rec,
                                   &procedure, &in_progress, &as_of))
    return NULL;
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  /* no engine: a dict is data, like a line of a file, and what it names
   * that the rules do not know is a finding (records.md §7.5, §8.4) */
  dp_record *r = NULL;
  if (dp_record_new(&r, NULL) != 0) return PyErr_NoMemory();
  if (record_from_dict(st, rec, r) < 0) {
    dp_record_free(r);
    return NULL;
  }
  dp_report *rep = NULL;
  int rc;
  Py_BEGIN_ALLOW_THREADS
  rc = check_with(self->e, r, &o, &rep);
  dp_record_free(r);
  Py_END_ALLOW_THREADS
  if (rc) {
    raise_dp(st->Error, rc, NULL);
    return NULL;
  }
  PyObject *list = report_to_list(st, rep, self->lang, &self->strs);
  dp_report_free(rep);
  return list;
}

static PyObject *Engine_check_json(EngineObject *self, PyObject *args,
                                   PyObject *kwds) {
  static char *kwlist[] = {"text", "procedure", "in_progress", "as_of",
                           NULL};
  PyObject *arg, *procedure = NULL, *in_progress = NULL, *as_of = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$OOO:check_json", kwlist,
                                   &arg, &procedure, &in_progress, &as_of))
    return NULL;
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  const char *text;
  Py_ssize_t len;
  PyObject *keep = NULL;
  if (PyUnicode_Check(arg)) {
    text = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!text) return NULL;
  } else if (PyBytes_Check(arg) || PyByteArray_Check(arg)) {
    keep = PyBytes_FromObject(arg);
    if (!keep) return NULL;
    text = PyBytes_AS_STRING(keep);
    len = PyBytes_GET_SIZE(keep);
  } else {
    PyErr_Format(PyExc_TypeError, "check_json() wants str or bytes, not "
                 "%.100s", Py_TYPE(arg)->tp_name);
    return NULL;
  }
  dp_record *r = NULL;
  dp_report *rep = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc;
  Py_BEGIN_ALLOW_THREADS
  rc = dp_record_from_json(&r, text, (size_t)len, DP_JSON_NONE, &err);
  if (!r && (rc == DP_EJSON || rc == DP_ERECORD || rc == DP_ELIMIT)) {
    /* not JSON, or no record: the reader turns it into the record it
     * reports as invalid_record, with the line and the reason */
    dp_reader *rd = NULL;
    rc = dp_reader_open_string(&rd, text, (size_t)len, "<string>",
                               DP_FORMAT_JSON, NULL);
    if (rc == 0) {
      rc = dp_reader_next(rd, &r, NULL);
      /* no record at all (blank text): an empty record, which the
       * library reports as invalid_record (no id) */
      if (rc == 0) rc = dp_record_new(&r, NULL) == 0 ? 1 : DP_ENOMEM;
      rc = rc == 1 ? 0 : rc;
    }
    dp_reader_free(rd);
  }
  if (r) rc = check_with(self->e, r, &o, &rep);
  dp_record_free(r);
  Py_END_ALLOW_THREADS
  Py_XDECREF(keep);
  if (!rep) {
    raise_dp(st->Error, rc ? rc : DP_EJSON, NULL);
    return NULL;
  }
  PyObject *list = report_to_list(st, rep, self->lang, &self->strs);
  dp_report_free(rep);
  return list;
}

static int parse_format(PyObject *f, dp_format *out) {
  static const struct {
    const char *name;
    dp_format fmt;
  } t[] = {{"auto", DP_FORMAT_AUTO},
           {"json", DP_FORMAT_JSON},
           {"jsonl", DP_FORMAT_JSONL},
           {"csv", DP_FORMAT_CSV},
           {"ledger", DP_FORMAT_LEDGER}};
  if (!f || f == Py_None) {
    *out = DP_FORMAT_AUTO;
    return 0;
  }
  if (PyUnicode_Check(f))
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
      if (PyUnicode_CompareWithASCIIString(f, t[i].name) == 0) {
        *out = t[i].fmt;
        return 0;
      }
  PyErr_Format(PyExc_ValueError,
               "format must be None, 'auto', 'json', 'jsonl', 'csv' or "
               "'ledger', not %R",
               f);
  return -1;
}

/* --- check_file: an iterator over a dp_reader --------------------------- */

typedef struct {
  PyObject_HEAD
  EngineObject *engine;
  dp_reader *rd;
  check_opts opts; /* its procedure is the engine's, which we hold */
  int busy;
  long line;
  size_t unreadable;
  dp_record *cur;    /* the record last yielded, kept for .record */
  PyObject *record;  /* its fields as a dict, made at the first .record */
  const char *encoding; /* the input's (static strings of the library) */
  dp_ledger_map *map;   /* the reader's ledger map (freed after it) */
  PyObject *note;       /* the reader's note, kept when it is freed */
} FileCheckObject;

static void FileCheck_dealloc(FileCheckObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
  dp_reader_free(self->rd);
  dp_ledger_map_free(self->map);
  Py_XDECREF(self->note);
  dp_record_free(self->cur);
  Py_XDECREF(self->engine);
  Py_XDECREF(self->record);
  tp->tp_free((PyObject *)self);
  Py_DECREF(tp);
}

/* The record-level string fields of `r` as a dict (None where unset). */
static PyObject *record_fields(const dp_record *r) {
  PyObject *d = PyDict_New();
  if (!d) return NULL;
  for (int k = 0; k < RF_COUNT; k++) {
    PyObject *v = str_or_none(dp_record_get(r, rfield_names[k]));
    if (!v || PyDict_SetItemString(d, rfield_names[k], v) < 0) {
      Py_XDECREF(v);
      Py_DECREF(d);
      return NULL;
    }
    Py_DECREF(v);
  }
  return d;
}

static PyObject *FileCheck_next(FileCheckObject *self) {
  if (!self->rd) return NULL;
  if (self->busy) {
    PyErr_SetString(PyExc_ValueError, "check_file iterator already running "
                    "in another thread");
    return NULL;
  }
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  dp_record *r = NULL;
  dp_report *rep = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc, crc = 0;
  self->busy = 1;
  Py_BEGIN_ALLOW_THREADS
  rc = dp_reader_next(self->rd, &r, &err);
  if (rc == 1) crc = check_with(self->engine->e, r, &self->opts, &rep);
  Py_END_ALLOW_THREADS
  self->busy = 0;
  self->line = dp_reader_line(self->rd);
  self->unreadable = dp_reader_unreadable(self->rd);
  if (rc == 1) {
    /* the record stays for .record, which makes its dict only when asked
     * (most loops never ask: no dict a record) */
    Py_CLEAR(self->record);
    dp_record_free(self->cur);
    self->cur = r;
  }
  if (rc != 1) {
    self->encoding = dp_reader_encoding(self->rd);
    if (!self->note) {
      const char *n = dp_reader_note(self->rd, self->engine->lang);
      self->note = n ? PyUnicode_FromString(n) : NULL;
      PyErr_Clear();
    }
    dp_reader_free(self->rd);
    self->rd = NULL;
    if (rc < 0) raise_dp(st->Error, rc, &err);
    return NULL; /* rc == 0: StopIteration */
  }
  if (crc) {
    raise_dp(st->Error, crc, NULL);
    return NULL;
  }
  PyObject *list =
      report_to_list(st, rep, self->engine->lang, &self->engine->strs);
  PyObject *out = NULL;
  if (list) {
    PyObject *id = str_or_none(dp_report_id(rep));
    if (id) out = PyTuple_Pack(2, id, list);
    Py_XDECREF(id);
    Py_DECREF(list);
  }
  dp_report_free(rep);
  return out;
}

static PyObject *FileCheck_close(FileCheckObject *self, PyObject *unused) {
  if (self->busy) {
    PyErr_SetString(PyExc_ValueError, "check_file iterator is running");
    return NULL;
  }
  dp_reader_free(self->rd);
  self->rd = NULL;
  Py_RETURN_NONE;
}

static PyObject *FileCheck_enter(PyObject *self, PyObject *unused) {
  return Py_NewRef(self);
}

static PyObject *FileCheck_exit(FileCheckObject *self, PyObject *args) {
  PyObject *r = FileCheck_close(self, NULL);
  if (!r) return NULL;
  Py_DECREF(r);
  Py_RETURN_FALSE;
}

static PyObject *FileCheck_get_line(FileCheckObject *self, void *c) {
  return PyLong_FromLong(self->line);
}

static PyObject *FileCheck_get_unreadable(FileCheckObject *self, void *c) {
  return PyLong_FromSize_t(self->unreadable);
}

static PyObject *FileCheck_get_encoding(FileCheckObject *self, void *c) {
  const char *e = self->rd ? dp_reader_encoding(self->rd) : self->encoding;
  return str_or_none(e);
}

static PyObject *FileCheck_get_note(FileCheckObject *self, void *c) {
  if (self->rd && !self->busy) {
    const char *n = dp_reader_note(self->rd, self->engine->lang);
    return str_or_none(n);
  }
  if (!self->note) Py_RETURN_NONE;
  return Py_NewRef(self->note);
}

static PyObject *FileCheck_get_format(FileCheckObject *self, void *c) {
  static const char *const names[] = {"auto", "json", "jsonl", "csv",
                                      "ledger"};
  dp_format f = self->rd ? dp_reader_format(self->rd) : DP_FORMAT_AUTO;
  if (!self->rd) Py_RETURN_NONE;
  return PyUnicode_FromString(names[f <= DP_FORMAT_LEDGER ? f : 0]);
}

static PyObject *FileCheck_get_record(FileCheckObject *self, void *c) {
  if (!self->record && self->cur && !self->busy)
    self->record = record_fields(self->cur);
  if (!self->record) {
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_NONE;
  }
  return PyDict_Copy(self->record);
}

static PyGetSetDef FileCheck_getset[] = {
    {"record", (getter)FileCheck_get_record, NULL,
     "The record-level fields of the record last yielded: a dict with id, "
     "procedure, title, authority and doc_number (None where absent), or "
     "None before the first record.",
     NULL},
    {"line", (getter)FileCheck_get_line, NULL,
     "1-based line where the record last yielded begins (CSV: its first "
     "row).",
     NULL},
    {"encoding", (getter)FileCheck_get_encoding, NULL,
     "The encoding the input is read in: 'UTF-8', or 'GB18030' when it was "
     "named or guessed (a file that is not UTF-8 but valid GB18030, as Excel "
     "saves CSV on Chinese Windows); None before it is known.",
     NULL},
    {"note", (getter)FileCheck_get_note, NULL,
     "What the reader says once of the input as a whole, in the engine's "
     "language: that its encoding was guessed, and each column of a ledger "
     "that the mapping does not know (with the nearest known name); lines "
     "joined with newlines.  None when there is nothing to say.  Complete "
     "once the iterator has ended.",
     NULL},
    {"format", (getter)FileCheck_get_format, NULL,
     "The format being read: 'json', 'jsonl', 'csv' or 'ledger' (a CSV is "
     "known to be a ledger once its first record was read); None once the "
     "input is closed.",
     NULL},
    {"unreadable", (getter)FileCheck_get_unreadable, NULL,
     "Number of records yielded so far that could not be read (each was "
     "reported as an invalid_record finding).",
     NULL},
    {NULL}};

static PyMethodDef FileCheck_methods[] = {
    {"close", DP_METH(FileCheck_close), METH_NOARGS,
     "close()\n\nClose the file; the iterator then ends."},
    {"__enter__", DP_METH(FileCheck_enter), METH_NOARGS, NULL},
    {"__exit__", DP_METH(FileCheck_exit), METH_VARARGS, NULL},
    {NULL}};

static PyType_Slot FileCheck_slots[] = {
    {Py_tp_doc,
     "The iterator Engine.check_file() returns: (record_id, findings) pairs "
     "in input order.  Also a context manager that closes the file."},
    {Py_tp_dealloc, FileCheck_dealloc},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, FileCheck_next},
    {Py_tp_methods, FileCheck_methods},
    {Py_tp_getset, FileCheck_getset},
    {0, NULL}};

static PyType_Spec FileCheck_spec = {
    "dueproc.FileCheck", sizeof(FileCheckObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE |
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
    FileCheck_slots};

/* Open a reader over path (a str or path-like object) as check_file and
 * test_file do: a directory, a file that cannot be opened (OSError with
 * its errno), bad input (dueproc.Error).  NULL with the exception set. */
static dp_reader *open_path(dp_state *st, PyObject *path, dp_format fmt,
                            const char *encoding) {
  PyObject *bpath = NULL;
  if (!PyUnicode_FSConverter(path, &bpath)) return NULL;
  const char *p = PyBytes_AS_STRING(bpath);
  struct stat sb;
  if (strcmp(p, "-") != 0 && stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    errno = EISDIR;
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
    Py_DECREF(bpath);
    return NULL;
  }
  /* an Excel workbook (zip or OLE magic) is no text: say so, as the
   * validator does */
  if (strcmp(p, "-") != 0) {
    FILE *fp = fopen(p, "rb");
    unsigned char head[8];
    size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp) fclose(fp);
    int xlsx = n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0;
    if (xlsx || (n == 8 && memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                                  8) == 0)) {
      dp_error xe;
      memset(&xe, 0, sizeof xe);
      xe.code = DP_EINVAL;
      xe.offset = -1;
      snprintf(xe.source, sizeof xe.source, "%s", p);
      snprintf(xe.text, sizeof xe.text,
               "an Excel workbook (%s), not a CSV or JSON file: read it with "
               "dueproc_cli.read_workbook() or python3 -m dueproc_cli, or "
               "save it as CSV UTF-8 (doc/ledger.md)",
               xlsx ? ".xlsx" : ".xls");
      Py_DECREF(bpath);
      raise_dp(st->Error, DP_EINVAL, &xe);
      return NULL;
    }
  }
  dp_reader *rd = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc, saved;
  Py_BEGIN_ALLOW_THREADS
  errno = 0;
  rc = dp_reader_open_ex(&rd, p, fmt, encoding, &err);
  saved = errno;
  Py_END_ALLOW_THREADS
  Py_DECREF(bpath);
  if (!rc) return rd;
  if (rc == DP_EIO && saved) {
    errno = saved;
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
  } else if (rc == DP_EIO) {
    char buf[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
    dp_error_format(&err, buf, sizeof buf);
    PyErr_SetString(PyExc_OSError, buf);
  } else {
    raise_dp(st->Error, rc, &err);
  }
  return NULL;
}

/* The ledger map of a reader: the default with the names of the engine's
 * steps and attributes, then the file `path` (None: none).  NULL with an
 * exception set. */
static dp_ledger_map *ledger_map_for(dp_state *st, const dp_engine *e,
                                     PyObject *path) {
  dp_ledger_map *m = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc = dp_ledger_map_new(&m, e, &err);
  if (!rc && path && path != Py_None) {
    PyObject *b = NULL;
    if (!PyUnicode_FSConverter(path, &b)) {
      dp_ledger_map_free(m);
      return NULL;
    }
    int saved;
    errno = 0;
    rc = dp_ledger_map_load_file(m, PyBytes_AS_STRING(b), &err);
    saved = errno;
    if (rc == DP_EIO && saved) {
      errno = saved;
      PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
      Py_DECREF(b);
      dp_ledger_map_free(m);
      return NULL;
    }
    Py_DECREF(b);
  }
  if (rc) {
    raise_dp(st->Error, rc, &err);
    dp_ledger_map_free(m);
    return NULL;
  }
  return m;
}

/* A FileCheck over reader rd (taken), with map (taken, may be NULL). */
static PyObject *file_check_new(dp_state *st, EngineObject *self,
                                dp_reader *rd, dp_ledger_map *map,
                                const check_opts *o) {
  if (map) dp_reader_set_ledger_map(rd, map);
  FileCheckObject *it = (FileCheckObject *)st->FileCheckType->tp_alloc(
      st->FileCheckType, 0);
  if (!it) {
    dp_reader_free(rd);
    dp_ledger_map_free(map);
    return NULL;
  }
  it->engine = (EngineObject *)Py_NewRef(self);
  it->rd = rd;
  it->map = map;
  it->opts = *o;
  return (PyObject *)it;
}

/* --- test_file: a file of test cases (records with "expect") ---------- */

static PyObject *Engine_test_file(EngineObject *self, PyObject *args,
                                  PyObject *kwds) {
  static char *kwlist[] = {"path", "format", NULL};
  PyObject *path, *fmtobj = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:test_file", kwlist, &path,
                                   &fmtobj))
    return NULL;
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  dp_format fmt;
  if (parse_format(fmtobj, &fmt)) return NULL;
  dp_reader *rd = open_path(st, path, fmt, NULL);
  if (!rd) return NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc;
  PyObject *out = PyList_New(0);
  dp_record *r = NULL;
  while (out && (rc = dp_reader_next(rd, &r, &err)) == 1) {
    dp_report *rep = NULL;
    char *diff = NULL;
    int crc, agree;
    Py_BEGIN_ALLOW_THREADS
    crc = dp_check(self->e, r, NULL, &rep);
    agree = crc ? crc : dp_report_expected(rep, r, &diff);
    Py_END_ALLOW_THREADS
    if (crc) {
      raise_dp(st->Error, crc, NULL);
      Py_CLEAR(out);
    } else {
      const char *why = agree == 1                ? NULL
                        : agree == 0              ? diff
                        : agree == DP_ENOTFOUND   ? "no \"expect\""
                                                  : "\"expect\" is not a list of "
                                                    "[code, step] or [code, step, rule]";
      PyObject *d = Py_BuildValue("{s:z,s:l,s:O,s:z}", "id",
                                  dp_report_id(rep), "line",
                                  dp_reader_line(rd), "agree",
                                  agree == 1 ? Py_True : Py_False, "diff", why);
      if (!d || PyList_Append(out, d) < 0) Py_CLEAR(out);
      Py_XDECREF(d);
    }
    dp_free(diff);
    dp_report_free(rep);
    dp_record_free(r);
  }
  if (out && rc < 0) {
    raise_dp(st->Error, rc, &err);
    Py_CLEAR(out);
  }
  dp_reader_free(rd);
  return out;
}

static PyObject *Engine_check_file(EngineObject *self, PyObject *args,
                                   PyObject *kwds) {
  static char *kwlist[] = {"path",   "format",   "procedure",  "in_progress",
                           "as_of",  "encoding", "ledger_map", NULL};
  PyObject *path, *fmtobj = Py_None, *procedure = NULL, *in_progress = NULL,
                  *as_of = NULL, *lmap = Py_None;
  const char *encoding = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O$OOOzO:check_file", kwlist,
                                   &path, &fmtobj, &procedure, &in_progress,
                                   &as_of, &encoding, &lmap))
    return NULL;
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  dp_format fmt;
  if (parse_format(fmtobj, &fmt)) return NULL;
  check_opts o;
  if (parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  dp_ledger_map *map = NULL;
  if ((fmt == DP_FORMAT_AUTO || fmt == DP_FORMAT_LEDGER) &&
      !(map = ledger_map_for(st, self->e, lmap)))
    return NULL;
  dp_reader *rd = open_path(st, path, fmt, encoding);
  if (!rd) {
    dp_ledger_map_free(map);
    return NULL;
  }
  return file_check_new(st, self, rd, map, &o);
}

static PyObject *Engine_check_text(EngineObject *self, PyObject *args,
                                   PyObject *kwds) {
  static char *kwlist[] = {"text",  "format", "name",       "procedure",
                           "in_progress", "as_of", "ledger_map", NULL};
  PyObject *text, *fmtobj = Py_None, *procedure = NULL, *in_progress = NULL,
                  *as_of = NULL, *lmap = Py_None;
  const char *name = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O$zOOOO:check_text",
                                   kwlist, &text, &fmtobj, &name, &procedure,
                                   &in_progress, &as_of, &lmap))
    return NULL;
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  dp_format fmt;
  if (parse_format(fmtobj, &fmt)) return NULL;
  check_opts o;
  if (parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  const char *s;
  Py_ssize_t len;
  if (PyUnicode_Check(text)) {
    if (!(s = PyUnicode_AsUTF8AndSize(text, &len))) return NULL;
  } else if (PyBytes_Check(text)) {
    s = PyBytes_AS_STRING(text);
    len = PyBytes_GET_SIZE(text);
  } else {
    PyErr_Format(PyExc_TypeError, "check_text() wants str or bytes, not "
                 "%.100s", Py_TYPE(text)->tp_name);
    return NULL;
  }
  dp_ledger_map *map = NULL;
  if ((fmt == DP_FORMAT_AUTO || fmt == DP_FORMAT_LEDGER) &&
      !(map = ledger_map_for(st, self->e, lmap)))
    return NULL;
  dp_reader *rd = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc = dp_reader_open_string(&rd, s, (size_t)len, name, fmt, &err);
  if (rc) {
    dp_ledger_map_free(map);
    raise_dp(st->Error, rc, &err);
    return NULL;
  }
  return file_check_new(st, self, rd, map, &o);
}

/* --- write_report, report_html: the library's writer ------------------- */

/* A growing buffer the writer's sink appends to. */
typedef struct {
  char *s;
  size_t len, cap;
  int oom;
} outbuf;

static int outbuf_sink(void *arg, const char *data, size_t len) {
  outbuf *b = arg;
  if (b->oom) return -1;
  if (b->len + len > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + len) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
      b->oom = 1;
      return -1;
    }
    b->s = s;
    b->cap = cap;
  }
  memcpy(b->s + b->len, data, len);
  b->len += len;
  return 0;
}

static int parse_write_format(PyObject *f, dp_write_format *out) {
  static const struct {
    const char *name;
    dp_write_format fmt;
  } t[] = {{"text", DP_WRITE_TEXT},
           {"json", DP_WRITE_JSON},
           {"csv", DP_WRITE_CSV},
           {"html", DP_WRITE_HTML}};
  if (!f || f == Py_None) {
    *out = DP_WRITE_TEXT;
    return 0;
  }
  if (PyUnicode_Check(f))
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
      if (PyUnicode_CompareWithASCIIString(f, t[i].name) == 0) {
        *out = t[i].fmt;
        return 0;
      }
  PyErr_Format(PyExc_ValueError,
               "format must be 'text', 'json', 'csv' or 'html', not %R", f);
  return -1;
}

/* Check every record of `source` (a path, or an iterable of dicts) and
 * write them with dp_write_report, or count them in a tally written at
 * the end (summary=True, format 'html'); the output as str. */
/* The text, JSON, CSV or HTML of records, written by the library: from a
 * path, an iterable of record dicts, or (text not NULL) text in memory
 * named `name` in the report, read with the ledger map of lmap. */
static PyObject *write_records(EngineObject *self, PyObject *source,
                               dp_write_format fmt, PyObject *langobj,
                               int bom, int summary, PyObject *procedure,
                               PyObject *in_progress, PyObject *as_of,
                               const char *encoding, PyObject *input_format,
                               PyObject *text, const char *name,
                               PyObject *lmap, int quiet) {
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  dp_lang lang = self->lang;
  if (langobj && langobj != Py_None && parse_lang(langobj, &lang) < 0)
    return NULL;
  check_opts o;
  if (parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  dp_format infmt;
  if (parse_format(input_format, &infmt)) return NULL;
  outbuf out = {NULL, 0, 0, 0};
  dp_write_options wo;
  memset(&wo, 0, sizeof wo);
  wo.format = fmt;
  wo.lang = lang;
  wo.flags = (bom ? DP_WRITE_BOM : 0u) | (quiet ? DP_WRITE_QUIET : 0u);
  wo.sink = outbuf_sink;
  wo.sink_arg = &out;
  dp_tally *t = NULL;
  int use_tally = summary || fmt == DP_WRITE_HTML;
  if (use_tally) {
    /* validity is counted as of the day the records are judged by
     * (parse_check_opts: as_of=, else today) */
    if (dp_tally_new(&t, self->e, o.as_of,
                     fmt == DP_WRITE_HTML ? DP_TALLY_RECORDS : 0u) != 0)
      return PyErr_NoMemory();
  } else if (dp_write_header(&wo) != 0) {
    free(out.s);
    return PyErr_NoMemory();
  }
  dp_reader *rd = NULL;
  dp_ledger_map *map = NULL;
  PyObject *it = NULL, *fname_obj = NULL;
  const char *fname = NULL;
  int is_path = source && source != Py_None &&
                (PyUnicode_Check(source) || PyBytes_Check(source) ||
                 PyObject_HasAttrString(source, "__fspath__"));
  if ((infmt == DP_FORMAT_AUTO || infmt == DP_FORMAT_LEDGER) &&
      (is_path || text) && !(map = ledger_map_for(st, self->e, lmap)))
    goto fail;
  if (text) {
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(text, &len);
    if (!s) goto fail;
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_reader_open_string(&rd, s, (size_t)len, name, infmt, &err);
    if (rc) {
      raise_dp(st->Error, rc, &err);
      goto fail;
    }
    fname = name ? name : "<string>";
  } else if (!source || source == Py_None) {
    PyErr_SetString(PyExc_TypeError, "write a path, a list of records or "
                                     "text=");
    goto fail;
  } else if (is_path) {
    rd = open_path(st, source, infmt, encoding);
    if (!rd) goto fail;
    /* the file's name as the text and CSV output give it */
    PyObject *fs = PyOS_FSPath(source);
    if (fs && PyBytes_Check(fs)) {
      Py_SETREF(fs, PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(fs),
                                                      PyBytes_GET_SIZE(fs)));
    }
    fname = fs ? PyUnicode_AsUTF8(fs) : NULL;
    fname_obj = fs;
    if (!fname) goto fail;
  } else if (PyDict_Check(source)) {
    PyErr_SetString(PyExc_TypeError, "write a list of records, not one dict "
                                     "(put it in a list)");
    goto fail;
  } else if (!(it = PyObject_GetIter(source))) {
    goto fail;
  }
  if (rd && map) dp_reader_set_ledger_map(rd, map);
  for (;;) {
    dp_record *r = NULL;
    dp_error err;
    memset(&err, 0, sizeof err);
    if (rd) {
      int rc;
      Py_BEGIN_ALLOW_THREADS
      rc = dp_reader_next(rd, &r, &err);
      Py_END_ALLOW_THREADS
      if (rc == 0) break;
      if (rc < 0) {
        raise_dp(st->Error, rc, &err);
        goto fail;
      }
    } else {
      PyObject *item = PyIter_Next(it);
      if (!item) {
        if (PyErr_Occurred()) goto fail;
        break;
      }
      if (dp_record_new(&r, NULL) != 0) r = NULL;
      int bad = !r || record_from_dict(st, item, r) < 0;
      Py_DECREF(item);
      if (bad) {
        if (!r) PyErr_NoMemory();
        dp_record_free(r);
        goto fail;
      }
    }
    dp_report *rep = NULL;
    dp_record_info ri;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = check_with(self->e, r, &o, &rep);
    if (rc == 0) {
      dp_record_info_of(r, &ri);
      if (rd) {
        ri.file = fname;
        ri.line = dp_reader_line(rd);
      }
      rc = use_tally ? dp_tally_add(t, rep, &ri) : dp_write_report(rep, &ri, &wo);
    }
    Py_END_ALLOW_THREADS
    dp_report_free(rep);
    dp_record_free(r);
    if (rc) {
      raise_dp(st->Error, rc, NULL);
      goto fail;
    }
  }
  if (use_tally) {
    int rc = dp_tally_write(t, &wo);
    if (rc) {
      raise_dp(st->Error, rc, NULL);
      goto fail;
    }
  }
  dp_reader_free(rd);
  dp_ledger_map_free(map);
  Py_XDECREF(it);
  Py_XDECREF(fname_obj);
  dp_tally_free(t);
  if (out.oom) {
    free(out.s);
    return PyErr_NoMemory();
  }
  PyObject *written = PyUnicode_DecodeUTF8(out.s ? out.s : "",
                                           (Py_ssize_t)out.len, "replace");
  free(out.s);
  return written;
fail:
  dp_reader_free(rd);
  dp_ledger_map_free(map);
  Py_XDECREF(it);
  Py_XDECREF(fname_obj);
  dp_tally_free(t);
  free(out.s);
  return NULL;
}

static PyObject *Engine_write_report(EngineObject *self, PyObject *args,
                                     PyObject *kwds) {
  static char *kwlist[] = {"source",   "format",      "lang",  "bom",
                           "summary",  "procedure",   "in_progress",
                           "as_of",    "encoding",    "input_format",
                           "text",     "name",        "ledger_map",
                           "quiet",    NULL};
  PyObject *source = Py_None, *fmtobj = Py_None, *langobj = Py_None,
           *procedure = NULL, *in_progress = NULL, *as_of = NULL,
           *input_format = Py_None, *text = NULL, *lmap = Py_None;
  int bom = 0, summary = 0, quiet = 0;
  const char *encoding = NULL, *name = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO$OppOOOzOUzOp:write_report",
                                   kwlist, &source, &fmtobj, &langobj, &bom,
                                   &summary, &procedure, &in_progress, &as_of,
                                   &encoding, &input_format, &text, &name,
                                   &lmap, &quiet))
    return NULL;
  if (text && source != Py_None) {
    PyErr_SetString(PyExc_TypeError, "write_report() takes a source or "
                                     "text=, not both");
    return NULL;
  }
  dp_write_format fmt;
  if (parse_write_format(fmtobj, &fmt)) return NULL;
  return write_records(self, source, fmt, langobj, bom, summary, procedure,
                       in_progress, as_of, encoding, input_format, text, name,
                       lmap, quiet);
}

static PyObject *Engine_report_html(EngineObject *self, PyObject *args,
                                    PyObject *kwds) {
  static char *kwlist[] = {"source", "lang", "procedure", "in_progress",
                           "as_of", "encoding", "input_format", NULL};
  PyObject *source, *langobj = Py_None, *procedure = NULL,
                    *in_progress = NULL, *as_of = NULL,
                    *input_format = Py_None;
  const char *encoding = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$OOOOzO:report_html", kwlist,
                                   &source, &langobj, &procedure, &in_progress,
                                   &as_of, &encoding, &input_format))
    return NULL;
  return write_records(self, source, DP_WRITE_HTML, langobj, 0, 0, procedure,
                       in_progress, as_of, encoding, input_format, NULL, NULL,
                       Py_None, 0);
}

/* --- check_frame, audit_frame ------------------------------------------- */

/* check_frame's columns: those of a Finding, after the case_id */
enum { NCOLS = 10 };
/* audit_frame's records: one row a record, compliant ones too */
static const char *const record_cols[] = {
    "case_id", "title",  "authority", "procedure", "decided",
    "ok",      "errors", "warnings",  "findings"};
enum { NRCOLS = 9 };

/* Where each data row of the CSV text that DataFrame.to_csv() wrote
 * begins: the 1-based line the CSV reader gives it (a new line inside a
 * quoted cell counts, as the reader counts it), one entry per row after
 * the header, ascending.  NULL with an exception on failure. */
static long *csv_row_lines(const char *s, size_t len, Py_ssize_t *n) {
  size_t cap = 64;
  Py_ssize_t k = 0;
  long *at = PyMem_Malloc(cap * sizeof *at);
  if (!at) {
    PyErr_NoMemory();
    return NULL;
  }
  long line = 1;
  int quoted = 0, header = 1, in_row = 0;
  for (size_t i = 0; i < len; i++) {
    if (!in_row) {
      in_row = 1;
      if (!header) {
        if ((size_t)k == cap) {
          long *more = PyMem_Realloc(at, 2 * cap * sizeof *at);
          if (!more) {
            PyMem_Free(at);
            PyErr_NoMemory();
            return NULL;
          }
          at = more;
          cap *= 2;
        }
        at[k++] = line;
      }
    }
    if (s[i] == '"') {
      quoted = !quoted; /* "" inside quotes toggles twice */
    } else if (s[i] == '\n') {
      line++;
      if (!quoted) {
        in_row = 0;
        header = 0;
      }
    }
  }
  *n = k;
  return at;
}

/* The DataFrame's rows for the reader's messages: a message located by the
 * reader or the check starts "<DataFrame>:LINE: "; it then names the row
 * by its index label instead, "<DataFrame>[LABEL]: ".  Other messages are
 * returned as they are (a new reference). */
typedef struct {
  long *lines;     /* csv_row_lines(); NULL with `table`: row = line - 2 */
  Py_ssize_t n;
  PyObject *index; /* df.index */
  int table;       /* read by dp_reader_open_table() */
} frame_rows;

static PyObject *row_message(const frame_rows *fr, PyObject *msg) {
  static const char pre[] = "<DataFrame>:";
  const char *m = msg && PyUnicode_Check(msg) ? PyUnicode_AsUTF8(msg) : NULL;
  if (!m) {
    if (PyErr_Occurred()) return NULL;
    return Py_NewRef(msg);
  }
  if ((!fr->lines && !fr->table) || strncmp(m, pre, sizeof pre - 1) != 0)
    return Py_NewRef(msg);
  const char *p = m + sizeof pre - 1, *q = p;
  long line = 0;
  while (*q >= '0' && *q <= '9' && line < LONG_MAX / 10)
    line = line * 10 + (*q++ - '0');
  if (q == p || *q != ':') return Py_NewRef(msg);
  Py_ssize_t lo = 0, hi = fr->n;
  if (fr->table) { /* row r is line r + 2 */
    if (line < 2 || line - 2 >= fr->n) return Py_NewRef(msg);
    lo = hi = (Py_ssize_t)(line - 1);
  }
  /* the last row that begins at or before the line */
  while (lo < hi) {
    Py_ssize_t mid = lo + (hi - lo) / 2;
    if (fr->lines[mid] <= line)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0) return Py_NewRef(msg); /* the header */
  PyObject *label = PySequence_GetItem(fr->index, lo - 1);
  if (!label) return NULL;
  PyObject *out = PyUnicode_FromFormat("<DataFrame>[%S]%s", label, q);
  Py_DECREF(label);
  return out;
}

/* A DataFrame of the lists cols[0..n) named names[0..n); the columns whose
 * dtypes[c] is set are converted: "Int64", "bool", "int64" by astype,
 * "date" by pandas.to_datetime (days pandas cannot hold become NaT). */
static PyObject *typed_frame(PyObject *pd, PyObject *dfcls,
                             const char *const *names, PyObject **cols,
                             const char *const *dtypes, int n) {
  PyObject *data = PyDict_New(), *keys = PyList_New(n), *frame = NULL;
  if (!data || !keys) goto done;
  for (int c = 0; c < n; c++) {
    PyObject *k = PyUnicode_FromString(names[c]);
    if (!k) goto done;
    PyList_SET_ITEM(keys, c, k);
    if (PyDict_SetItem(data, k, cols[c]) < 0) goto done;
  }
  {
    PyObject *kw = Py_BuildValue("{s:O}", "columns", keys);
    PyObject *a = kw ? PyTuple_Pack(1, data) : NULL;
    frame = a ? PyObject_Call(dfcls, a, kw) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(kw);
  }
  if (!frame) goto done;
  for (int c = 0; c < n; c++) {
    if (!dtypes[c]) continue;
    PyObject *key = PyList_GET_ITEM(keys, c), *typed;
    PyObject *col = PyObject_GetItem(frame, key);
    if (!col) goto fail;
    if (strcmp(dtypes[c], "date") == 0) {
      PyObject *kw = Py_BuildValue("{s:s,s:s}", "format", "%Y-%m-%d",
                                   "errors", "coerce");
      PyObject *f = kw ? PyObject_GetAttrString(pd, "to_datetime") : NULL;
      PyObject *a = f ? PyTuple_Pack(1, col) : NULL;
      typed = a ? PyObject_Call(f, a, kw) : NULL;
      Py_XDECREF(a);
      Py_XDECREF(f);
      Py_XDECREF(kw);
    } else {
      typed = PyObject_CallMethod(col, "astype", "s", dtypes[c]);
    }
    Py_DECREF(col);
    if (!typed) goto fail;
    int sr = PyObject_SetItem(frame, key, typed);
    Py_DECREF(typed);
    if (sr < 0) goto fail;
  }
  goto done;
fail:
  Py_CLEAR(frame);
done:
  Py_XDECREF(keys);
  Py_XDECREF(data);
  return frame;
}

static int append_new(PyObject *list, PyObject *v) {
  if (!v) return -1;
  int rc = PyList_Append(list, v);
  Py_DECREF(v);
  return rc;
}

/* A DataFrame read as a table (dp_reader_open_table): no CSV text.  Each
 * column is read once: an object column (strings, as read_csv and most
 * frames hold them) where it is, from its numpy array without a copy; a
 * column of another dtype (numbers, dates, bools) as the text to_csv
 * would write for it, a list of str.  The reader asks for the cells one
 * case at a time with the GIL held; a cell that is not a str is read as
 * to_csv writes it: None, NaN, NaT and pd.NA empty, anything else str(). */
typedef struct {
  Py_ssize_t ncols, nrows;
  PyObject **keep;     /* per column: the array or list that holds it */
  PyObject ***items;   /* per column: its first item (NULL: all empty) */
  Py_ssize_t *stride;  /* per column: items apart */
  PyObject *isna;      /* pandas.isna */
  PyObject *scratch;   /* the UTF-8 (bytes) of the last cell not ASCII */
  int failed;          /* an exception was set in frame_cell */
} frame_table;

static void frame_table_clear(frame_table *ft) {
  for (Py_ssize_t c = 0; ft->keep && c < ft->ncols; c++)
    Py_XDECREF(ft->keep[c]);
  PyMem_Free(ft->keep);
  PyMem_Free(ft->items);
  PyMem_Free(ft->stride);
  Py_XDECREF(ft->isna);
  Py_XDECREF(ft->scratch);
  memset(ft, 0, sizeof *ft);
}

static const char *frame_cell(void *data, size_t row, size_t col,
                              size_t *len) {
  frame_table *ft = data;
  *len = 0;
  if (ft->failed || !ft->items[col]) return NULL;
  PyObject *v = ft->items[col][(Py_ssize_t)row * ft->stride[col]];
  Py_ssize_t n;
  if (PyUnicode_Check(v) && PyUnicode_IS_COMPACT_ASCII(v)) {
    *len = (size_t)PyUnicode_GET_LENGTH(v);
    return (const char *)PyUnicode_DATA(v);
  }
  Py_CLEAR(ft->scratch);
  if (v == Py_None || (PyFloat_Check(v) && isnan(PyFloat_AS_DOUBLE(v))))
    return NULL;
  if (PyBool_Check(v)) { /* as str() */
    *len = v == Py_True ? 4 : 5;
    return v == Py_True ? "True" : "False";
  }
  PyObject *text;
  if (PyUnicode_Check(v)) {
    text = Py_NewRef(v);
  } else if (PyLong_CheckExact(v) || PyFloat_CheckExact(v)) {
    if (!(text = PyObject_Str(v))) goto fail;
  } else {
    PyObject *na = PyObject_CallOneArg(ft->isna, v);
    if (!na) goto fail;
    int empty = na == Py_True;
    Py_DECREF(na);
    if (empty) return NULL;
    if (!(text = PyObject_Str(v))) goto fail;
  }
  /* not kept on the str (as PyUnicode_AsUTF8 would keep it) */
  ft->scratch = PyUnicode_AsEncodedString(text, "utf-8", "replace");
  Py_DECREF(text);
  if (!ft->scratch) goto fail;
  n = PyBytes_GET_SIZE(ft->scratch);
  *len = (size_t)n;
  return PyBytes_AS_STRING(ft->scratch);
fail:
  ft->failed = 1;
  return NULL;
}

/* The column `series` into ft's column c. */
static int frame_column(frame_table *ft, Py_ssize_t c, PyObject *series) {
  PyObject *dtype = PyObject_GetAttrString(series, "dtype");
  PyObject *kind = dtype ? PyObject_GetAttrString(dtype, "kind") : NULL;
  Py_XDECREF(dtype);
  if (!kind) return -1;
  int object = PyUnicode_Check(kind) &&
               PyUnicode_CompareWithASCIIString(kind, "O") == 0;
  Py_DECREF(kind);
  if (object) {
    /* an object column: its values where numpy holds them */
    PyObject *arr = PyObject_CallMethod(series, "to_numpy", NULL);
    PyObject *ai = arr ? PyObject_GetAttrString(arr, "__array_interface__")
                       : NULL;
    PyObject *data = ai ? PyDict_GetItemString(ai, "data") : NULL;
    PyObject *typestr = ai ? PyDict_GetItemString(ai, "typestr") : NULL;
    PyObject *strides = ai ? PyDict_GetItemString(ai, "strides") : NULL;
    int ok = data && PyTuple_Check(data) && PyTuple_GET_SIZE(data) >= 1 &&
             typestr && PyUnicode_Check(typestr) &&
             PyUnicode_CompareWithASCIIString(typestr, "|O") == 0;
    Py_ssize_t stride = 1;
    if (ok && strides && strides != Py_None) {
      PyObject *s0 = PyTuple_Check(strides) && PyTuple_GET_SIZE(strides)
                         ? PyTuple_GET_ITEM(strides, 0)
                         : NULL;
      Py_ssize_t b = s0 ? PyLong_AsSsize_t(s0) : -1;
      ok = b > 0 && b % (Py_ssize_t)sizeof(PyObject *) == 0;
      stride = ok ? b / (Py_ssize_t)sizeof(PyObject *) : 1;
      PyErr_Clear();
    }
    if (ok) {
      void *p = PyLong_AsVoidPtr(PyTuple_GET_ITEM(data, 0));
      ok = p != NULL || ft->nrows == 0;
      ft->items[c] = p;
      ft->stride[c] = stride;
      ft->keep[c] = Py_NewRef(arr);
    }
    Py_XDECREF(ai);
    Py_XDECREF(arr);
    if (ok) return 0;
    if (PyErr_Occurred()) return -1;
    /* not a plain array of objects (reversed, say): its values as a list */
    PyObject *list = PyObject_CallMethod(series, "tolist", NULL);
    if (!list) return -1;
    if (!PyList_Check(list) || PyList_GET_SIZE(list) != ft->nrows) {
      Py_DECREF(list);
      PyErr_SetString(PyExc_ValueError, "a column of the DataFrame does not "
                      "have a value a row");
      return -1;
    }
    ft->items[c] = ft->nrows ? ((PyListObject *)list)->ob_item : NULL;
    ft->stride[c] = 1;
    ft->keep[c] = list;
    return 0;
  }
  /* other dtypes: the text to_csv writes for the column, a line a row; a
   * row of one empty field is written "" (a blank line would be none) */
  PyObject *kw = Py_BuildValue("{s:O,s:O,s:s}", "index", Py_False, "header",
                               Py_False, "lineterminator", "\n");
  PyObject *meth = kw ? PyObject_GetAttrString(series, "to_csv") : NULL;
  PyObject *noargs = meth ? PyTuple_New(0) : NULL;
  PyObject *text = noargs ? PyObject_Call(meth, noargs, kw) : NULL;
  Py_XDECREF(noargs);
  Py_XDECREF(meth);
  Py_XDECREF(kw);
  if (!text) return -1;
  PyObject *lines = PyUnicode_Splitlines(text, 0);
  Py_DECREF(text);
  if (!lines) return -1;
  if (PyList_GET_SIZE(lines) != ft->nrows) {
    Py_DECREF(lines);
    PyErr_SetString(PyExc_ValueError, "a column of the DataFrame is not "
                    "one line a row as text");
    return -1;
  }
  for (Py_ssize_t i = 0; i < ft->nrows; i++) {
    PyObject *v = PyList_GET_ITEM(lines, i);
    if (PyUnicode_CompareWithASCIIString(v, "\"\"") == 0) {
      PyObject *e = PyUnicode_FromString("");
      if (!e) {
        Py_DECREF(lines);
        return -1;
      }
      PyList_SetItem(lines, i, e);
    }
  }
  ft->items[c] = ft->nrows ? ((PyListObject *)lines)->ob_item : NULL;
  ft->stride[c] = 1;
  ft->keep[c] = lines;
  return 0;
}

/* Read df's header into *header (ncols UTF-8 strings, borrowed from
 * *names) and its columns into ft: 0, or -1 with an exception. */
static int frame_table_init(frame_table *ft, PyObject *pd, PyObject *df,
                            PyObject **names, const char ***header) {
  PyObject *columns = PyObject_GetAttrString(df, "columns");
  PyObject *iloc = columns ? PyObject_GetAttrString(df, "iloc") : NULL;
  PyObject *index = iloc ? PyObject_GetAttrString(df, "index") : NULL;
  int rc = -1;
  if (!index) goto done;
  ft->ncols = PyObject_Length(columns);
  ft->nrows = PyObject_Length(index);
  if (ft->ncols < 0 || ft->nrows < 0) goto done;
  if (!(ft->isna = PyObject_GetAttrString(pd, "isna"))) goto done;
  size_t nc = (size_t)(ft->ncols ? ft->ncols : 1);
  ft->keep = PyMem_Calloc(nc, sizeof *ft->keep);
  ft->items = PyMem_Calloc(nc, sizeof *ft->items);
  ft->stride = PyMem_Calloc(nc, sizeof *ft->stride);
  *header = PyMem_Calloc(nc, sizeof **header);
  if (!(*names = PyList_New(ft->ncols))) goto done;
  if (!ft->keep || !ft->items || !ft->stride || !*header) {
    PyErr_NoMemory();
    goto done;
  }
  for (Py_ssize_t c = 0; c < ft->ncols; c++) {
    PyObject *label = PySequence_GetItem(columns, c);
    PyObject *name = label ? PyObject_Str(label) : NULL;
    Py_XDECREF(label);
    if (!name) goto done;
    PyList_SET_ITEM(*names, c, name);
    if (!((*header)[c] = PyUnicode_AsUTF8(name))) goto done;
    PyObject *key = Py_BuildValue("(On)", Py_None, c);
    if (key) {
      PyObject *all = PySlice_New(NULL, NULL, NULL);
      if (all) PyTuple_SetItem(key, 0, all);
      else Py_CLEAR(key);
    }
    PyObject *series = key ? PyObject_GetItem(iloc, key) : NULL;
    Py_XDECREF(key);
    if (!series) goto done;
    int r = frame_column(ft, c, series);
    Py_DECREF(series);
    if (r) goto done;
  }
  rc = 0;
done:
  Py_XDECREF(index);
  Py_XDECREF(iloc);
  Py_XDECREF(columns);
  return rc;
}

/* Check the records of a DataFrame of events (or, for audit_frame, of a
 * record file at a path): the findings frame, or with `audit` the pair
 * (records, findings), the findings keyed to their record's position. */
static PyObject *frame_check(EngineObject *self, const char *fname,
                             PyObject *df, int audit, PyObject *procedure,
                             PyObject *in_progress, PyObject *as_of,
                             const char *encoding, PyObject *fmtobj,
                             PyObject *lmap) {
  dp_state *st = state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  /* a path: any format (None: by its name or content); a frame: an event
   * log (None, 'csv'), a ledger ('ledger') or 'auto' (by the header) */
  dp_format infmt;
  if (parse_format(fmtobj, &infmt)) return NULL;
  dp_ledger_map *map = NULL; /* made once the reader's format is known */
  PyObject *pd = PyImport_ImportModule("pandas");
  if (!pd) return NULL;
  PyObject *out = NULL, *csv = NULL, *cols[NCOLS + 1] = {0},
           *rcols[NRCOLS] = {0}, *frame = NULL, *records = NULL;
  PyObject **fcols = audit ? cols : cols + 1; /* audit: "record" first */
  frame_rows fr = {NULL, 0, NULL, 0};
  frame_table ft;
  memset(&ft, 0, sizeof ft);
  PyObject *hnames = NULL; /* the header's str, for `header` */
  const char **header = NULL;
  dp_reader *rd = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc;
  PyObject *dfcls = PyObject_GetAttrString(pd, "DataFrame");
  if (!dfcls) goto done;
  int isdf = PyObject_IsInstance(df, dfcls);
  if (isdf < 0) goto done;
  if (!isdf && audit &&
      (PyUnicode_Check(df) || PyBytes_Check(df) ||
       PyObject_HasAttrString(df, "__fspath__"))) {
    if (!(rd = open_path(st, df, infmt, encoding))) goto done;
  } else if (!isdf) {
    PyErr_Format(PyExc_TypeError, "%s() wants a pandas.DataFrame%s, not %.100s",
                 fname, audit ? " or a path" : "", Py_TYPE(df)->tp_name);
    goto done;
  }
  if (isdf) {
    if (infmt == DP_FORMAT_JSON || infmt == DP_FORMAT_JSONL) {
      PyErr_Format(PyExc_ValueError, "%s() reads a frame as 'csv' (an event "
                   "log, the default), 'ledger' or 'auto'", fname);
      goto done;
    }
    if (fmtobj == NULL || fmtobj == Py_None) infmt = DP_FORMAT_CSV;
  }
  if (isdf && infmt == DP_FORMAT_CSV) {
    /* an event log (records.md §5): its columns read in bulk, each once,
     * and the cells given to the library's CSV reader as a table, which
     * decides what they mean exactly as for a file */
    if (frame_table_init(&ft, pd, df, &hnames, &header) < 0) goto done;
    if (!(fr.index = PyObject_GetAttrString(df, "index"))) goto done;
    fr.n = ft.nrows;
    fr.table = 1;
    rc = dp_reader_open_table(&rd, "<DataFrame>", (size_t)ft.ncols, header,
                              (size_t)ft.nrows, frame_cell, &ft, &err);
    if (rc) {
      raise_dp(st->Error, rc, &err);
      goto done;
    }
  } else if (isdf) {
    /* a ledger (or 'auto'): the frame as CSV text, one record a row, read
     * by the ledger reader as a file would be */
    PyObject *kw = Py_BuildValue("{s:O}", "index", Py_False);
    PyObject *meth = kw ? PyObject_GetAttrString(df, "to_csv") : NULL;
    PyObject *noargs = meth ? PyTuple_New(0) : NULL;
    csv = noargs ? PyObject_Call(meth, noargs, kw) : NULL;
    Py_XDECREF(noargs);
    Py_XDECREF(meth);
    Py_XDECREF(kw);
    if (!csv) goto done;
    if (!PyUnicode_Check(csv)) {
      PyErr_SetString(PyExc_TypeError,
                      "DataFrame.to_csv() did not return str");
      goto done;
    }
    Py_ssize_t len;
    const char *text = PyUnicode_AsUTF8AndSize(csv, &len);
    if (!text) goto done;
    if (!(fr.index = PyObject_GetAttrString(df, "index"))) goto done;
    if (!(fr.lines = csv_row_lines(text, (size_t)len, &fr.n))) goto done;
    Py_ssize_t nrows = PyObject_Length(fr.index);
    if (nrows < 0) goto done;
    if (nrows != fr.n) { /* not the shape to_csv writes: keep the lines */
      PyMem_Free(fr.lines);
      fr.lines = NULL;
    }
    rc = dp_reader_open_string(&rd, text, (size_t)len, "<DataFrame>",
                               infmt, &err);
    if (rc) {
      raise_dp(st->Error, rc, &err);
      goto done;
    }
  }
  /* a ledger, or a format found from the header: the columns' mapping
   * (an event-log frame, the default, needs none) */
  if (infmt == DP_FORMAT_AUTO || infmt == DP_FORMAT_LEDGER) {
    if (!(map = ledger_map_for(st, self->e, lmap))) goto done;
    dp_reader_set_ledger_map(rd, map);
  }
  for (int c = 0; c < NCOLS + 1; c++)
    if (!(cols[c] = PyList_New(0))) goto done;
  for (int c = 0; audit && c < NRCOLS; c++)
    if (!(rcols[c] = PyList_New(0))) goto done;
  for (Py_ssize_t pos = 0;; pos++) {
    dp_record *r = NULL;
    dp_report *rep = NULL;
    int crc = 0;
    if (fr.table) {
      /* the cells are the frame's: read with the GIL, checked without */
      rc = dp_reader_next(rd, &r, &err);
      if (ft.failed) {
        dp_record_free(r);
        goto done;
      }
      if (rc == 1) {
        Py_BEGIN_ALLOW_THREADS
        crc = check_with(self->e, r, &o, &rep);
        Py_END_ALLOW_THREADS
      }
    } else {
      Py_BEGIN_ALLOW_THREADS
      rc = dp_reader_next(rd, &r, &err);
      if (rc == 1) crc = check_with(self->e, r, &o, &rep);
      Py_END_ALLOW_THREADS
    }
    if (rc < 0) {
      raise_dp(st->Error, rc, &err);
      goto done;
    }
    if (rc == 0) break;
    if (crc) {
      dp_record_free(r);
      raise_dp(st->Error, crc, NULL);
      goto done;
    }
    PyObject *id = str_or_none(dp_report_id(rep)), *key = NULL;
    int bad = !id || (audit && !(key = PyLong_FromSsize_t(pos)));
    size_t nerr = 0, nfind = dp_report_count(rep);
    for (size_t i = 0; !bad && i < nfind; i++) {
      const dp_finding *cf = dp_report_finding(rep, i);
      nerr += dp_finding_severity(cf) == DP_ERROR;
      FindingObject *f =
          (FindingObject *)finding_from_c(st, cf, self->lang, &self->strs);
      PyObject *msg = f ? row_message(&fr, f->message) : NULL;
      if (!msg) {
        Py_XDECREF(f);
        bad = 1;
        break;
      }
      PyObject *v[NCOLS + 1] = {key,      id,       f->code,  f->severity,
                                f->step,  f->other, f->event, f->rule,
                                msg,      f->basis, f->verified};
      for (int c = !audit; !bad && c < NCOLS + 1; c++)
        bad = PyList_Append(cols[c], v[c]) < 0;
      Py_DECREF(msg);
      Py_DECREF(f);
    }
    if (!bad && audit) {
      char day[16];
      int32_t d = dp_report_decided(rep);
      bad = PyList_Append(rcols[0], id) < 0 ||
            append_new(rcols[1], str_or_none(dp_record_get(r, "title"))) ||
            append_new(rcols[2],
                       str_or_none(dp_record_get(r, "authority"))) ||
            append_new(rcols[3], str_or_none(dp_report_procedure(rep))) ||
            append_new(rcols[4], str_or_none(d == DP_NO_DATE
                                                 ? NULL
                                                 : dp_date_format(d, day))) ||
            append_new(rcols[5], PyBool_FromLong(dp_report_ok(rep))) ||
            append_new(rcols[6], PyLong_FromSize_t(nerr)) ||
            append_new(rcols[7], PyLong_FromSize_t(nfind - nerr)) ||
            append_new(rcols[8], PyLong_FromSize_t(nfind));
    }
    Py_XDECREF(key);
    Py_XDECREF(id);
    dp_report_free(rep);
    dp_record_free(r);
    if (bad) goto done;
  }
  /* event: nullable integers; verified: bool even when empty */
  {
    static const char *const names[NCOLS + 1] = {
        "record", "case_id", "code",  "severity", "step",    "other",
        "event",  "rule",    "message", "basis",  "verified"};
    static const char *const types[NCOLS + 1] = {
        "int64", NULL, NULL, NULL, NULL, NULL, "Int64", NULL, NULL, NULL,
        "bool"};
    int skip = !audit;
    frame = typed_frame(pd, dfcls, names + skip, fcols, types + skip,
                        NCOLS + audit);
  }
  if (!frame) goto done;
  if (!audit) {
    out = Py_NewRef(frame);
    goto done;
  }
  {
    static const char *const types[NRCOLS] = {
        NULL, NULL, NULL, NULL, "date", "bool", "int64", "int64", "int64"};
    records = typed_frame(pd, dfcls, record_cols, rcols, types, NRCOLS);
  }
  if (records) out = PyTuple_Pack(2, records, frame);
done:
  dp_reader_free(rd);
  frame_table_clear(&ft);
  PyMem_Free(header);
  Py_XDECREF(hnames);
  dp_ledger_map_free(map);
  PyMem_Free(fr.lines);
  Py_XDECREF(fr.index);
  for (int c = 0; c < NCOLS + 1; c++) Py_XDECREF(cols[c]);
  for (int c = 0; c < NRCOLS; c++) Py_XDECREF(rcols[c]);
  Py_XDECREF(records);
  Py_XDECREF(frame);
  Py_XDECREF(csv);
  Py_XDECREF(dfcls);
  Py_DECREF(pd);
  return out;
}

static PyObject *Engine_check_frame(EngineObject *self, PyObject *args,
                                    PyObject *kwds) {
  static char *kwlist[] = {"df",    "procedure", "in_progress", "as_of",
                           "format", "ledger_map", NULL};
  PyObject *df, *procedure = NULL, *in_progress = NULL, *as_of = NULL,
                *fmtobj = Py_None, *lmap = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$OOOOO:check_frame", kwlist,
                                   &df, &procedure, &in_progress, &as_of,
                                   &fmtobj, &lmap))
    return NULL;
  return frame_check(self, "check_frame", df, 0, procedure, in_progress,
                     as_of, NULL, fmtobj, lmap);
}

static PyObject *Engine_audit_frame(EngineObject *self, PyObject *args,
                                    PyObject *kwds) {
  static char *kwlist[] = {"source",   "procedure",    "in_progress",
                           "as_of",    "encoding",     "input_format",
                           "ledger_map", NULL};
  PyObject *source, *procedure = NULL, *in_progress = NULL, *as_of = NULL,
                    *input_format = Py_None, *lmap = Py_None;
  const char *encoding = NULL;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|$OOOzOO:audit_frame", kwlist,
                                   &source, &procedure, &in_progress, &as_of,
                                   &encoding, &input_format, &lmap))
    return NULL;
  return frame_check(self, "audit_frame", source, 1, procedure, in_progress,
                     as_of, encoding, input_format, lmap);
}

/* --- rules, procedures, properties -------------------------------------- */

static int set_str(PyObject *d, const char *key, const char *val) {
  PyObject *v = str_or_none(val);
  if (!v) return -1;
  int r = PyDict_SetItemString(d, key, v);
  Py_DECREF(v);
  return r;
}

/* A rule's bases: [{"text", "from", "until", "when", "verified"}]. */
static PyObject *bases_of(const dp_rule *r) {
  size_t n = dp_rule_basis_count(r);
  PyObject *list = PyList_New(0);
  for (size_t k = 0; list && k < n; k++) {
    char f[16], u[16];
    int32_t fd = dp_rule_basis_from(r, k), ud = dp_rule_basis_until(r, k);
    if (fd != DP_NO_DATE) dp_date_format(fd, f);
    if (ud != DP_NO_DATE) dp_date_format(ud, u);
    PyObject *d = Py_BuildValue(
        "{s:s,s:z,s:z,s:z,s:O}", "text", dp_rule_basis_text(r, k), "from",
        fd != DP_NO_DATE ? f : NULL, "until", ud != DP_NO_DATE ? u : NULL,
        "when", dp_rule_basis_condition(r, k), "verified",
        dp_rule_basis_verified(r, k) ? Py_True : Py_False);
    if (!d || PyList_Append(list, d) < 0) Py_CLEAR(list);
    Py_XDECREF(d);
  }
  return list;
}

static PyObject *Engine_rules(EngineObject *self, PyObject *unused) {
  size_t n = dp_engine_rule_count(self->e);
  PyObject *list = PyList_New(0);
  if (!list) return NULL;
  for (size_t i = 0; i < n; i++) {
    const dp_rule *r = dp_engine_rule(self->e, i);
    if (!r) continue;
    PyObject *d = PyDict_New(), *bases = NULL;
    if (!d || set_str(d, "id", dp_rule_id(r)) ||
        set_str(d, "procedure", dp_rule_procedure(r)) ||
        set_str(d, "severity", dp_severity_name(dp_rule_severity(r))) ||
        set_str(d, "kind", dp_rule_kind(r)) ||
        set_str(d, "basis", dp_rule_basis(r)) ||
        set_str(d, "confidence",
                dp_rule_verified(r) ? "verified" : "reported") ||
        set_str(d, "summary", dp_rule_summary(r, self->lang)) ||
        set_str(d, "check", dp_rule_check(r)) ||
        set_str(d, "condition", dp_rule_condition(r)) ||
        set_str(d, "origin", dp_rule_origin(r)) ||
        !(bases = bases_of(r)) ||
        PyDict_SetItemString(d, "bases", bases) < 0 ||
        PyList_Append(list, d) < 0) {
      Py_XDECREF(bases);
      Py_XDECREF(d);
      Py_DECREF(list);
      return NULL;
    }
    Py_DECREF(bases);
    Py_DECREF(d);
  }
  return list;
}

static PyObject *Engine_procedures(EngineObject *self, PyObject *unused) {
  size_t n = dp_engine_procedure_count(self->e);
  PyObject *list = PyList_New((Py_ssize_t)n);
  if (!list) return NULL;
  for (size_t i = 0; i < n; i++) {
    PyObject *s = str_or_none(dp_engine_procedure_name(self->e, i));
    if (!s) {
      Py_DECREF(list);
      return NULL;
    }
    PyList_SET_ITEM(list, (Py_ssize_t)i, s);
  }
  return list;
}

static PyObject *Engine_find_procedure(EngineObject *self, PyObject *name) {
  if (!PyUnicode_Check(name)) {
    PyErr_Format(PyExc_TypeError, "find_procedure() wants str, not %.100s",
                 Py_TYPE(name)->tp_name);
    return NULL;
  }
  const char *s = PyUnicode_AsUTF8(name);
  if (!s) return NULL;
  return str_or_none(dp_engine_find_procedure(self->e, s));
}

static PyObject *Engine_get_lang(EngineObject *self, void *c) {
  return PyUnicode_FromString(self->lang == DP_LANG_EN ? "en" : "zh");
}

static PyObject *Engine_get_sources(EngineObject *self, void *c) {
  Py_ssize_t n = PyTuple_GET_SIZE(self->texts);
  PyObject *t = PyTuple_New(n);
  if (!t) return NULL;
  for (Py_ssize_t i = 0; i < n; i++)
    PyTuple_SET_ITEM(t, i,
                     Py_NewRef(PyTuple_GET_ITEM(PyTuple_GET_ITEM(self->texts,
                                                                 i), 0)));
  return t;
}

static PyObject *Engine_repr(EngineObject *self) {
  return PyUnicode_FromFormat(
      "<dueproc.Engine lang=%s procedures=%zu rules=%zu sources=%zd>",
      self->lang == DP_LANG_EN ? "en" : "zh",
      dp_engine_procedure_count(self->e), dp_engine_rule_count(self->e),
      PyTuple_GET_SIZE(self->texts));
}

static PyGetSetDef Engine_getset[] = {
    {"lang", (getter)Engine_get_lang, NULL,
     "The language of Finding.message: 'zh' or 'en'.", NULL},
    {"sources", (getter)Engine_get_sources, NULL,
     "The names of the rule texts loaded over the embedded defaults, in "
     "order: file paths, '<string>' or '<rules[i]>'.",
     NULL},
    {NULL}};

static PyMethodDef Engine_methods[] = {
    {"check", DP_METH(Engine_check), METH_VARARGS | METH_KEYWORDS,
     "check(record, *, procedure=None, in_progress=None, as_of=None) -> "
     "list[Finding]\n\n"
     "Check one record given as a dict shaped as in records.md §1-2.  A "
     "record that is not a dict, or a field of the wrong type, raises "
     "TypeError (ValueError for text the library cannot take) naming the "
     "field; a record without id or procedure gives an invalid_record "
     "finding, and a date that does not parse a malformed finding.  The GIL "
     "is released while the record is checked.\n\n"
     "procedure: the procedure of a record that names none (a record's own "
     "is kept), by key ('major_decision') or by the Chinese or English "
     "title of its rule file ('重大行政决策'); an unknown name raises "
     "ValueError.\n"
     "in_progress: True checks an unfinished record as of as_of (default: "
     "today), as DP_CHECK_IN_PROGRESS does: a step not yet due is not "
     "missing (records.md §8.6).\n"
     "as_of: 'YYYY-MM-DD' or a datetime.date; giving it implies "
     "in_progress (with in_progress=False it raises ValueError)."},
    {"check_json", DP_METH(Engine_check_json), METH_VARARGS | METH_KEYWORDS,
     "check_json(text, *, procedure=None, in_progress=None, as_of=None) -> "
     "list[Finding]\n\n"
     "Check one record given as JSON text (str or bytes).  Text that is not "
     "a JSON object gives the library's invalid_record finding, not an "
     "exception.  The keyword arguments are those of check()."},
    {"test_file", DP_METH(Engine_test_file), METH_VARARGS | METH_KEYWORDS,
     "test_file(path, format=None) -> list of dict\n\nThe records of path "
     "are test cases: each carries the findings it should give in "
     "\"expect\" (doc/rules.md).  One dict a record: id, line, agree (bool) "
     "and diff (what was expected but not found and found but not expected; "
     "None when they agree)."},
    {"check_file", DP_METH(Engine_check_file), METH_VARARGS | METH_KEYWORDS,
     "check_file(path, format=None, *, procedure=None, in_progress=None, "
     "as_of=None, encoding=None, ledger_map=None) -> "
     "Iterator[tuple[str | None, list[Finding]]]\n\n"
     "Stream the records of a JSON, JSON Lines or CSV file (format None or "
     "'auto': by the file name, else by content, a CSV whose header has "
     "steps' date columns and no step column being a ledger; or 'json', "
     "'jsonl', 'csv', 'ledger': a 台账, one record a row, doc/ledger.md) "
     "and yield (record_id, findings) in input order.  ledger_map: a "
     "mapping file (doc/ledger.md) added to the built-in one.  Unreadable "
     "records are yielded with an invalid_record finding.  A file that "
     "cannot be opened raises OSError at once; a read error later raises "
     "dueproc.Error after the good records were yielded.  The keyword "
     "arguments are those of check(), for every record of the file (a "
     "bad one raises at once, before the file is opened)."},
    {"check_text", DP_METH(Engine_check_text), METH_VARARGS | METH_KEYWORDS,
     "check_text(text, format=None, *, name=None, procedure=None, "
     "in_progress=None, as_of=None, ledger_map=None) -> FileCheck\n\n"
     "check_file() over text in memory (str, or UTF-8 / GB18030 bytes): "
     "format None or 'auto' decides by content; name (default "
     "'<string>') is what messages call the input, e.g. the workbook a "
     "ledger was read from."},
    {"check_frame", DP_METH(Engine_check_frame), METH_VARARGS | METH_KEYWORDS,
     "check_frame(df, *, procedure=None, in_progress=None, as_of=None, "
     "format=None, ledger_map=None) -> pandas.DataFrame\n\n"
     "format None or 'csv': an event log; 'ledger': a 台账, one record a "
     "row (doc/ledger.md), with ledger_map a mapping file added to the "
     "built-in one; 'auto': a ledger when its header says so.\n\n"
     "Check a pandas DataFrame of events in the CSV event-log shape of "
     "records.md §5 (case_id, procedure, step, date, … and attr.NAME "
     "columns; process-mining aliases accepted).  Returns one row per "
     "finding with the columns case_id, code, severity, step, other, event, "
     "rule, message, basis, verified.  pandas is imported only here.  The "
     "keyword arguments are those of check(): procedure= serves a frame "
     "without a procedure column.  A message about a cell names its row "
     "by the frame's index label: '<DataFrame>[17]: ...'."},
    {"audit_frame", DP_METH(Engine_audit_frame), METH_VARARGS | METH_KEYWORDS,
     "audit_frame(source, *, procedure=None, in_progress=None, as_of=None, "
     "encoding=None, input_format=None) -> (records, findings)\n\n"
     "Check a DataFrame of events (as check_frame) or a record file (a "
     "path, as check_file) and return two DataFrames: records, one row per "
     "record in input order, compliant ones included (case_id, title, "
     "authority, procedure, decided, ok, errors, warnings, findings; "
     "decided is the decision date, NaT when there is none), and findings, "
     "check_frame's columns after a 'record' column holding the position "
     "of the finding's record in records (records.iloc[record])."},
    {"write_report", DP_METH(Engine_write_report),
     METH_VARARGS | METH_KEYWORDS,
     "write_report(source, format='text', *, lang=None, bom=False, "
     "summary=False, procedure=None, in_progress=None, as_of=None, "
     "encoding=None, input_format=None) -> str\n\n"
     "Check the records of source (a path to a JSON, JSON Lines or CSV file, "
     "or an iterable of record dicts) and return what dueproc-validate "
     "prints for them, written by the same C writer (doc/report.md): "
     "format 'text', 'json' (the records.md §6 lines), 'csv' (with its "
     "header; bom=True starts it with a UTF-8 BOM, '\\ufeff', for Excel on "
     "Chinese Windows) or 'html' (the whole report, as report_html).  "
     "summary=True returns the summary in that format instead: records, "
     "compliant records and the rate by authority, year and procedure, and "
     "findings by rule.  lang: 'zh' or 'en' (default: the engine's).  The "
     "other keyword arguments are those of check_file().  Text and CSV name "
     "the file and line of a record read from a path, and none for dicts."},
    {"report_html", DP_METH(Engine_report_html), METH_VARARGS | METH_KEYWORDS,
     "report_html(source, *, lang=None, procedure=None, in_progress=None, "
     "as_of=None, encoding=None, input_format=None) -> str\n\n"
     "The HTML report of the records of source (a path or an iterable of "
     "record dicts): one self-contained page, as dueproc-validate "
     "--format html writes it.  Write it to a file and open it in a "
     "browser; validity is counted as of as_of (default today)."},
    {"rules", DP_METH(Engine_rules), METH_NOARGS,
     "rules() -> list[dict]\n\n"
     "The loaded rules: dicts with id, procedure, severity, kind, basis, "
     "confidence ('verified' or 'reported'), summary (in the engine's "
     "language) and origin ('source:line')."},
    {"find_procedure", DP_METH(Engine_find_procedure), METH_O,
     "find_procedure(name) -> str | None\n\nThe key of the procedure named "
     "so: its key, or its Chinese or English title ('重大行政决策' -> "
     "'major_decision'), as procedure= and a record's procedure resolve it; "
     "None when no procedure has that name."},
    {"procedures", DP_METH(Engine_procedures), METH_NOARGS,
     "procedures() -> list[str]\n\nThe names of the loaded procedures."},
    {"__reduce__", DP_METH(Engine_reduce), METH_NOARGS,
     "Pickle support: the engine is re-created from its rule texts."},
    {NULL}};

static PyType_Slot Engine_slots[] = {
    {Py_tp_doc,
     "Engine(rules=None, lang='zh')\n--\n\n"
     "The embedded default procedures (normative_document, major_decision) "
     "and holiday calendar, plus optional rule files or overlays.\n\n"
     "rules: None, or a str, an os.PathLike, or a list of them.  A str "
     "naming an existing file and any os.PathLike are read as files; any "
     "other str is rule text (a str without newline ending in '.rules' "
     "that names no file raises FileNotFoundError).  lang: 'zh' or 'en', "
     "the language of Finding.message.\n\n"
     "A mistake in rule text raises dueproc.RuleError with .source, .line "
     "and .column.  An engine is immutable once made, may be shared by "
     "threads, and pickles by its rule texts."},
    {Py_tp_new, Engine_new},
    {Py_tp_dealloc, Engine_dealloc},
    {Py_tp_repr, Engine_repr},
    {Py_tp_methods, Engine_methods},
    {Py_tp_getset, Engine_getset},
    {0, NULL}};

static PyType_Spec Engine_spec = {"dueproc.Engine", sizeof(EngineObject), 0,
                                  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                                  Engine_slots};

/* ---------------------------------------------------------------------
 * Module
 * ------------------------------------------------------------------- */

/* _restore(cls, texts, lang): the unpickler of Engine. */
/* test_rules(path, rules=None): Engine(rules=rules).test_file(path) */
static PyObject *mod_test_rules(PyObject *m, PyObject *args, PyObject *kwds) {
  static char *kwlist[] = {"path", "rules", NULL};
  PyObject *path, *rules = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O:test_rules", kwlist, &path,
                                   &rules))
    return NULL;
  dp_state *st = state_of_module(m);
  PyObject *kw = Py_BuildValue("{s:O}", "rules", rules);
  PyObject *noargs = PyTuple_New(0);
  PyObject *eng = kw && noargs ? PyObject_Call((PyObject *)st->EngineType,
                                               noargs, kw)
                               : NULL;
  Py_XDECREF(kw);
  Py_XDECREF(noargs);
  if (!eng) return NULL;
  PyObject *res = PyObject_CallMethod(eng, "test_file", "O", path);
  Py_DECREF(eng);
  return res;
}

static PyObject *mod_restore(PyObject *m, PyObject *args) {
  PyObject *cls, *texts, *langobj;
  if (!PyArg_ParseTuple(args, "OO!O:_restore", &cls, &PyTuple_Type, &texts,
                        &langobj))
    return NULL;
  dp_state *st = state_of_module(m);
  if (!PyType_Check(cls) ||
      !PyType_IsSubtype((PyTypeObject *)cls, st->EngineType)) {
    PyErr_SetString(PyExc_TypeError, "_restore: not an Engine class");
    return NULL;
  }
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(texts); i++) {
    PyObject *p = PyTuple_GET_ITEM(texts, i);
    if (!PyTuple_Check(p) || PyTuple_GET_SIZE(p) != 2 ||
        !PyUnicode_Check(PyTuple_GET_ITEM(p, 0)) ||
        !PyBytes_Check(PyTuple_GET_ITEM(p, 1))) {
      PyErr_SetString(PyExc_TypeError,
                      "_restore: texts must be (str, bytes) pairs");
      return NULL;
    }
  }
  dp_lang lang;
  if (parse_lang(langobj, &lang)) return NULL;
  return engine_from_texts((PyTypeObject *)cls, texts, lang);
}

static PyMethodDef module_methods[] = {
    {"test_rules", DP_METH(mod_test_rules), METH_VARARGS | METH_KEYWORDS,
     "test_rules(path, rules=None) -> list of dict\n\nEngine(rules=rules)"
     ".test_file(path): check a file of test cases (records that carry their "
     "expected findings) against the default rules and `rules` (rule text or "
     "a list of them)."},
    {"_restore", DP_METH(mod_restore), METH_VARARGS,
     "_restore(cls, texts, lang) -> Engine\n\nRe-create a pickled Engine "
     "from its rule texts (internal)."},
    {NULL}};

static int intern_all(PyObject **dst, const char *const *names, int n) {
  for (int i = 0; i < n; i++)
    if (!(dst[i] = PyUnicode_InternFromString(names[i]))) return -1;
  return 0;
}

static PyObject *new_exception(PyObject *m, const char *name,
                               const char *doc, PyObject *base) {
  PyObject *dict = Py_BuildValue("{s:O,s:O,s:O,s:O,s:O}", "code", Py_None,
                                 "source", Py_None, "line", Py_None,
                                 "column", Py_None, "text", Py_None);
  if (!dict) return NULL;
  PyObject *e = PyErr_NewExceptionWithDoc(name, doc, base, dict);
  Py_DECREF(dict);
  return e;
}

static int add_type(PyObject *m, PyType_Spec *spec, PyTypeObject **out) {
  *out = (PyTypeObject *)PyType_FromModuleAndSpec(m, spec, NULL);
  if (!*out) return -1;
  return PyModule_AddType(m, *out);
}

static int module_exec(PyObject *m) {
  dp_state *st = state_of_module(m);
  PyDateTime_IMPORT;
  if (!PyDateTimeAPI) return -1;
  static const char *const sevs[2] = {"error", "warning"};
  const char *codes[DP_CODE__COUNT];
  for (int i = 0; i < DP_CODE__COUNT; i++) codes[i] = dp_code_name(i);
  if (intern_all(st->codes, codes, DP_CODE__COUNT) ||
      intern_all(st->sevs, sevs, 2) ||
      intern_all(st->rkeys, rfield_names, RF_COUNT) ||
      intern_all(st->ekeys, efield_names, EF_COUNT) ||
      intern_all(st->bkeys, ebool_names, EB_COUNT) ||
      intern_all(st->fkeys, finding_keys, FK_COUNT) ||
      !(st->k_attributes = PyUnicode_InternFromString("attributes")) ||
      !(st->k_events = PyUnicode_InternFromString("events")) ||
      !(st->k_isoformat = PyUnicode_InternFromString("isoformat")))
    return -1;

  st->Error = new_exception(
      m, "dueproc.Error",
      "An error of libdueproc.  .code is the DP_E* name (e.g. 'DP_EIO'); "
      "when the library told where, .source, .line, .column and .text say "
      "it.",
      PyExc_Exception);
  if (!st->Error) return -1;
  st->RuleError = new_exception(
      m, "dueproc.RuleError",
      "A mistake in rule text: str(e) is 'source:line:column: text'; "
      ".source is the file path or '<string>' / '<rules[i]>', .line and "
      ".column are 1-based (0: unknown), .code the DP_E* name.",
      st->Error);
  if (!st->RuleError) return -1;
  if (PyModule_AddObjectRef(m, "Error", st->Error) < 0 ||
      PyModule_AddObjectRef(m, "RuleError", st->RuleError) < 0)
    return -1;

  if (add_type(m, &Finding_spec, &st->FindingType) ||
      add_type(m, &Engine_spec, &st->EngineType) ||
      add_type(m, &FileCheck_spec, &st->FileCheckType))
    return -1;

  PyObject *codes_t = PyTuple_New(DP_CODE__COUNT);
  if (!codes_t) return -1;
  for (int i = 0; i < DP_CODE__COUNT; i++)
    PyTuple_SET_ITEM(codes_t, i, Py_NewRef(st->codes[i]));
  if (PyModule_AddObject(m, "CODES", codes_t) < 0) {
    Py_DECREF(codes_t);
    return -1;
  }
  if (PyModule_AddStringConstant(m, "__version__", dp_version_string()) < 0)
    return -1;
  return 0;
}

static int module_traverse(PyObject *m, visitproc visit, void *arg) {
  dp_state *st = state_of_module(m);
  if (!st) return 0;
  Py_VISIT(st->Error);
  Py_VISIT(st->RuleError);
  Py_VISIT(st->EngineType);
  Py_VISIT(st->FindingType);
  Py_VISIT(st->FileCheckType);
  return 0;
}

static int module_clear(PyObject *m) {
  dp_state *st = state_of_module(m);
  if (!st) return 0;
  Py_CLEAR(st->Error);
  Py_CLEAR(st->RuleError);
  Py_CLEAR(st->EngineType);
  Py_CLEAR(st->FindingType);
  Py_CLEAR(st->FileCheckType);
  for (int i = 0; i < DP_CODE__COUNT; i++) Py_CLEAR(st->codes[i]);
  for (int i = 0; i < 2; i++) Py_CLEAR(st->sevs[i]);
  for (int i = 0; i < RF_COUNT; i++) Py_CLEAR(st->rkeys[i]);
  for (int i = 0; i < EF_COUNT; i++) Py_CLEAR(st->ekeys[i]);
  for (int i = 0; i < EB_COUNT; i++) Py_CLEAR(st->bkeys[i]);
  for (int i = 0; i < FK_COUNT; i++) Py_CLEAR(st->fkeys[i]);
  Py_CLEAR(st->k_attributes);
  Py_CLEAR(st->k_events);
  Py_CLEAR(st->k_isoformat);
  return 0;
}

static void module_free(void *m) { module_clear((PyObject *)m); }

static PyModuleDef_Slot module_slots[] = {{Py_mod_exec, module_exec},
                                          {0, NULL}};

PyDoc_STRVAR(module_doc,
             "dueproc - check the procedure of Chinese administrative "
             "normative documents (行政规范性文件) and major administrative "
             "decisions (重大行政决策) against rules written as text.\n\n"
             "A thin binding of libdueproc: the same verdicts as the C "
             "library and the dueproc-validate tool.  Start with "
             "Engine().check(record).  See doc/python.md.");

static struct PyModuleDef dueproc_module = {
    PyModuleDef_HEAD_INIT, "dueproc",     module_doc,  sizeof(dp_state),
    module_methods,        module_slots,  module_traverse, module_clear,
    module_free};

PyMODINIT_FUNC PyInit_dueproc(void); /* for -Wmissing-prototypes */
PyMODINIT_FUNC PyInit_dueproc(void) {
  return PyModuleDef_Init(&dueproc_module);
}
