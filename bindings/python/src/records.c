/*
 * records.c - a record dict (records.md §1-2) to a dp_record, and a
 * dp_record's fields back to a dict.
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h"

#include <datetime.h>
#include <string.h>

int dpy_records_init(void) {
  PyDateTime_IMPORT;
  return PyDateTimeAPI ? 0 : -1;
}

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

/* "events[IDX].NAME" into out[96], what a message names.  It is made
 * before each field is read (the readers take it for their errors), so
 * for every field of every record: plain copies, not a printf. */
static void event_place(char out[96], size_t idx, const char *name) {
  char num[24];
  size_t n = 0;
  do num[n++] = (char)('0' + idx % 10);
  while ((idx /= 10) != 0);
  size_t o = 0;
  memcpy(out, "events[", 7);
  o = 7;
  while (n) out[o++] = num[--n];
  out[o++] = ']';
  out[o++] = '.';
  size_t len = strlen(name);
  if (len > 96 - 1 - o) len = 96 - 1 - o;
  memcpy(out + o, name, len);
  out[o + len] = '\0';
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
    return dpy_field_error(i, what);
  }
  for (int k = 0; k < EF_COUNT; k++) {
    PyObject *v = dict_get(ev, st->ekeys[k]);
    if (!v) {
      if (PyErr_Occurred()) return -1;
      continue;
    }
    if (v == Py_None) continue;
    event_place(what, idx, dpy_efield_names[k]);
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
    const char *u = dpy_utf8_of(s, what);
    int rc = u ? dp_event_set(r, (size_t)i, dpy_efield_names[k], u, NULL) : -1;
    Py_DECREF(s);
    if (!u) return -1;
    if (rc) return dpy_field_error(rc, what);
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
                   dpy_ebool_names[k], Py_TYPE(v)->tp_name);
      return -1;
    }
    int rc = dp_event_set_bool(r, (size_t)i, dpy_ebool_names[k], v == Py_True);
    if (rc) {
      snprintf(what, sizeof what, "events[%zu].%s", idx, dpy_ebool_names[k]);
      return dpy_field_error(rc, what);
    }
  }
  return 0;
}

/* Fill `r` from dict `rec`; -1 with TypeError/ValueError naming the field. */
int dpy_record_from_dict(dp_state *st, PyObject *rec, dp_record *r) {
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
                   dpy_rfield_names[k], Py_TYPE(v)->tp_name);
      return -1;
    }
    const char *u = dpy_utf8_of(v, dpy_rfield_names[k]);
    if (!u) return -1;
    int rc = dp_record_set(r, dpy_rfield_names[k], u);
    if (rc) return dpy_field_error(rc, dpy_rfield_names[k]);
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
      const char *u = dpy_utf8_of(key, "an attribute name");
      if (!u) return -1;
      if (!*u) {
        PyErr_SetString(PyExc_ValueError, "attributes: empty name");
        return -1;
      }
      /* a string (issuer, kind) is judged by the check, like a bool */
      const char *sv = PyUnicode_Check(val) ? dpy_utf8_of(val, "an attribute") : NULL;
      if (PyUnicode_Check(val) && !sv) return -1;
      int rc = sv ? dp_record_set_attribute_string(r, u, sv, NULL)
                  : dp_record_set_attribute(r, u, val == Py_True, NULL);
      if (rc) {
        char what[160];
        snprintf(what, sizeof what, "attributes.%.120s", u);
        return dpy_field_error(rc, what);
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
      const char *u = PyUnicode_Check(s) ? dpy_utf8_of(s, "unknown") : NULL;
      int rc = u ? dp_record_add_unknown(r, u, NULL) : DP_EINVAL;
      int is_str = PyUnicode_Check(s);
      Py_DECREF(s);
      if (!is_str) {
        PyErr_SetString(PyExc_TypeError, "unknown must be a list of str");
        return -1;
      }
      if (!u) return -1;
      if (rc) return dpy_field_error(rc, "unknown");
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


/* The record-level string fields of `r` as a dict (None where unset). */
PyObject *dpy_record_fields(const dp_record *r) {
  PyObject *d = PyDict_New();
  if (!d) return NULL;
  for (int k = 0; k < RF_COUNT; k++) {
    PyObject *v = dpy_str_or_none(dp_record_get(r, dpy_rfield_names[k]));
    if (!v || PyDict_SetItemString(d, dpy_rfield_names[k], v) < 0) {
      Py_XDECREF(v);
      Py_DECREF(d);
      return NULL;
    }
    Py_DECREF(v);
  }
  return d;
}
