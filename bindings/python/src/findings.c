/*
 * findings.c - the Finding type: one finding of a report, immutable, compared by value.
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h"

#include <structmember.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * Finding
 * ------------------------------------------------------------------- */

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

#define SC_SLOTS 512
#define TC_SLOTS 512

void dpy_strcache_clear(strcache *sc) {
  for (size_t i = 0; sc->v && i < SC_SLOTS; i++) Py_XDECREF(sc->v[i].val);
  for (size_t i = 0; sc->t && i < TC_SLOTS; i++) {
    PyMem_Free(sc->t[i].key);
    Py_XDECREF(sc->t[i].val);
  }
  PyMem_Free(sc->v);
  PyMem_Free(sc->t);
  memset(sc, 0, sizeof *sc);
}

/* dpy_str_or_none(s) for a string that lives as long as the engine. */
PyObject *dpy_cached_str(strcache *sc, const char *s) {
  if (!s || !sc) return dpy_str_or_none(s);
  if (!sc->v && !(sc->v = PyMem_Calloc(SC_SLOTS, sizeof *sc->v)))
    return dpy_str_or_none(s);
  size_t h = (size_t)(((uint64_t)(uintptr_t)s >> 3) *
                      UINT64_C(0x9E3779B97F4A7C15) >> 55) & (SC_SLOTS - 1);
  for (size_t k = 0; k < SC_SLOTS; k++, h = (h + 1) & (SC_SLOTS - 1)) {
    if (sc->v[h].key == s) return Py_NewRef(sc->v[h].val);
    if (!sc->v[h].key) {
      PyObject *o = dpy_str_or_none(s);
      if (o && sc->n < SC_SLOTS / 2) { /* keep it half empty */
        sc->v[h].key = s;
        sc->v[h].val = Py_NewRef(o);
        sc->n++;
      }
      return o;
    }
  }
  return dpy_str_or_none(s);
}

PyObject *dpy_cached_text(strcache *sc, const char *s) {
  if (!s || !sc) return dpy_str_or_none(s);
  if (!sc->t && !(sc->t = PyMem_Calloc(TC_SLOTS, sizeof *sc->t)))
    return dpy_str_or_none(s);
  uint64_t hash = UINT64_C(0xcbf29ce484222325); /* FNV-1a */
  size_t len = 0;
  for (; s[len]; len++)
    hash = (hash ^ (unsigned char)s[len]) * UINT64_C(0x100000001b3);
  size_t h = (size_t)(hash >> 55) & (TC_SLOTS - 1);
  for (size_t k = 0; k < TC_SLOTS; k++, h = (h + 1) & (TC_SLOTS - 1)) {
    tc_ent *e = &sc->t[h];
    if (e->key && e->hash == hash && e->len == len &&
        memcmp(e->key, s, len) == 0)
      return Py_NewRef(e->val);
    if (!e->key) {
      PyObject *o = PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "replace");
      if (o && sc->tn < TC_SLOTS / 2 &&
          (e->key = PyMem_Malloc(len + 1)) != NULL) {
        memcpy(e->key, s, len + 1);
        e->len = len;
        e->hash = hash;
        e->val = Py_NewRef(o);
        sc->tn++;
      }
      return o;
    }
  }
  return dpy_str_or_none(s);
}

/* A finding's message: worded when first read, so NULL only when that
 * ran out of memory. */
static PyObject *message_of(const dp_finding *f, dp_lang lang) {
  const char *m = dp_finding_message(f, lang);
  return m ? dpy_str_or_none(m) : PyErr_NoMemory();
}

/* A Finding from finding `f` of a report, message in `lang`; sc (may be
 * NULL) caches the engine's strings. */
PyObject *dpy_finding_from_c(dp_state *st, const dp_finding *f,
                                dp_lang lang, strcache *sc) {
  FindingObject *o =
      (FindingObject *)st->FindingType->tp_alloc(st->FindingType, 0);
  if (!o) return NULL;
  dp_code c = dp_finding_code(f);
  if ((unsigned)c < DP_CODE__COUNT) {
    o->code = Py_NewRef(st->codes[c]);
  } else if (!(o->code = dpy_str_or_none(dp_code_name(c)))) {
    goto fail;
  }
  o->severity = Py_NewRef(st->sevs[dp_finding_severity(f) == DP_WARNING]);
  int ev = dp_finding_event(f);
  if (!(o->step = dpy_cached_str(sc, dp_finding_step(f))) ||
      !(o->other = dpy_cached_str(sc, dp_finding_other(f))) ||
      !(o->event = ev >= 0 ? PyLong_FromLong(ev) : Py_NewRef(Py_None)) ||
      !(o->rule = dpy_cached_str(sc, dp_finding_rule(f))) ||
      !(o->message = message_of(f, lang)) ||
      /* a finding cites the bases in force on the record's decision date,
       * written into the report: cached by content */
      !(o->basis = dpy_cached_text(sc, dp_finding_basis(f))))
    goto fail;
  o->verified = PyBool_FromLong(dp_finding_verified(f));
  return (PyObject *)o;
fail:
  Py_DECREF(o);
  return NULL;
}

/* The findings of a report as a list. */
PyObject *dpy_report_to_list(dp_state *st, const dp_report *rep,
                                dp_lang lang, strcache *sc) {
  size_t n = dp_report_count(rep);
  PyObject *list = PyList_New((Py_ssize_t)n);
  if (!list) return NULL;
  for (size_t i = 0; i < n; i++) {
    PyObject *f = dpy_finding_from_c(st, dp_report_finding(rep, i), lang, sc);
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
  dp_state *st = dpy_state_of((PyObject *)self);
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

PyType_Spec dpy_finding_spec = {
    "dueproc.Finding", sizeof(FindingObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, Finding_slots};
