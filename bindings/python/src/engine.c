/*
 * engine.c - the Engine type: a dp_engine plus the rule texts it was
 * built from (pickling); the options of a check; check(), check_json(),
 * rules().
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h"

#include <datetime.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int dpy_engine_init(void) {
  PyDateTime_IMPORT;
  return PyDateTimeAPI ? 0 : -1;
}

/* ---------------------------------------------------------------------
 * Engine
 * ------------------------------------------------------------------- */

static void Engine_dealloc(EngineObject *self) {
  PyTypeObject *tp = Py_TYPE(self);
  dpy_strcache_clear(&self->strs);
  dp_engine_free(self->e);
  Py_XDECREF(self->texts);
  tp->tp_free((PyObject *)self);
  Py_DECREF(tp);
}

int dpy_parse_lang(PyObject *lang, dp_lang *out) {
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
PyObject *dpy_engine_from_texts(PyTypeObject *type, PyObject *texts,
                                   dp_lang lang) {
  PyObject *m = dpy_module_of_type(type);
  if (!m) return NULL;
  dp_state *st = dpy_state_of_module(m);
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
    dpy_raise(st->Error, rc, &err);
    Py_DECREF(self);
    return NULL;
  }
  for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(texts); i++) {
    PyObject *pair = PyTuple_GET_ITEM(texts, i);
    PyObject *src = PyTuple_GET_ITEM(pair, 0);
    PyObject *text = PyTuple_GET_ITEM(pair, 1);
    const char *s = dpy_utf8_of(src, "a rule source name");
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
      dpy_raise(st->RuleError, rc, &err);
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
      const char *u = dpy_utf8_of(item, "rule text");
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
  if (langobj && dpy_parse_lang(langobj, &lang)) return NULL;
  PyObject *texts = collect_rules(rules);
  if (!texts) return NULL;
  PyObject *self = dpy_engine_from_texts(type, texts, lang);
  Py_DECREF(texts);
  return self;
}

static PyObject *Engine_reduce(EngineObject *self, PyObject *unused) {
  PyObject *m = dpy_module_of_type(Py_TYPE(self));
  if (!m) return NULL;
  PyObject *restore = PyObject_GetAttrString(m, "_restore");
  if (!restore) return NULL;
  PyObject *r = Py_BuildValue("N(OOs)", restore, (PyObject *)Py_TYPE(self),
                              self->texts,
                              self->lang == DP_LANG_EN ? "en" : "zh");
  return r;
}

/* --- the options of a check: procedure=, in_progress=, as_of= ---------- */

static const check_opts no_opts = {NULL, 0, DP_NO_DATE};

/* dp_check() with the options; procedure fills in a record's missing
 * procedure and never overrides its own (records.md §8.10).  Called
 * without the GIL. */
int dpy_check_with(const dp_engine *e, const dp_record *r,
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
int dpy_parse_check_opts(EngineObject *self, PyObject *procedure,
                            PyObject *in_progress, PyObject *as_of,
                            check_opts *o) {
  *o = no_opts;
  if (procedure && procedure != Py_None) {
    if (!PyUnicode_Check(procedure)) {
      PyErr_Format(PyExc_TypeError, "procedure must be None or str, not "
                   "%.100s", Py_TYPE(procedure)->tp_name);
      return -1;
    }
    const char *name = dpy_utf8_of(procedure, "procedure");
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
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
    return NULL;
  /* no engine: a dict is data, like a line of a file, and what it names
   * that the rules do not know is a finding (records.md §7.5, §8.4) */
  dp_record *r = NULL;
  if (dp_record_new(&r, NULL) != 0) return PyErr_NoMemory();
  if (dpy_record_from_dict(st, rec, r) < 0) {
    dp_record_free(r);
    return NULL;
  }
  dp_report *rep = NULL;
  int rc;
  Py_BEGIN_ALLOW_THREADS
  rc = dpy_check_with(self->e, r, &o, &rep);
  dp_record_free(r);
  Py_END_ALLOW_THREADS
  if (rc) {
    dpy_raise(st->Error, rc, NULL);
    return NULL;
  }
  PyObject *list = dpy_report_to_list(st, rep, self->lang, &self->strs);
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
  dp_state *st = dpy_state_of((PyObject *)self);
  if (!st) return NULL;
  check_opts o;
  if (dpy_parse_check_opts(self, procedure, in_progress, as_of, &o) < 0)
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
  if (r) rc = dpy_check_with(self->e, r, &o, &rep);
  dp_record_free(r);
  Py_END_ALLOW_THREADS
  Py_XDECREF(keep);
  if (!rep) {
    dpy_raise(st->Error, rc ? rc : DP_EJSON, NULL);
    return NULL;
  }
  PyObject *list = dpy_report_to_list(st, rep, self->lang, &self->strs);
  dp_report_free(rep);
  return list;
}

int dpy_name_index(PyObject *f, const char *const *names, size_t n) {
  if (PyUnicode_Check(f))
    for (size_t i = 0; i < n; i++)
      if (PyUnicode_CompareWithASCIIString(f, names[i]) == 0) return (int)i;
  return -1;
}

int dpy_parse_format(PyObject *f, dp_format *out) {
  static const char *const names[] = {"auto", "json", "jsonl", "csv",
                                      "ledger"};
  static const dp_format fmts[] = {DP_FORMAT_AUTO, DP_FORMAT_JSON,
                                   DP_FORMAT_JSONL, DP_FORMAT_CSV,
                                   DP_FORMAT_LEDGER};
  int i = f && f != Py_None ? dpy_name_index(f, names, 5) : 0;
  if (i >= 0) {
    *out = fmts[i];
    return 0;
  }
  PyErr_Format(PyExc_ValueError,
               "format must be None, 'auto', 'json', 'jsonl', 'csv' or "
               "'ledger', not %R",
               f);
  return -1;
}

/* --- rules, procedures, properties -------------------------------------- */

static int set_str(PyObject *d, const char *key, const char *val) {
  PyObject *v = dpy_str_or_none(val);
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
    PyObject *s = dpy_str_or_none(dp_engine_procedure_name(self->e, i));
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
  return dpy_str_or_none(dp_engine_find_procedure(self->e, s));
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
    {"test_file", DP_METH(dpy_engine_test_file), METH_VARARGS | METH_KEYWORDS,
     "test_file(path, format=None) -> list of dict\n\nThe records of path "
     "are test cases: each carries the findings it should give in "
     "\"expect\" (doc/rules.md).  One dict a record: id, line, agree (bool) "
     "and diff (what was expected but not found and found but not expected; "
     "None when they agree)."},
    {"check_file", DP_METH(dpy_engine_check_file), METH_VARARGS | METH_KEYWORDS,
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
    {"check_text", DP_METH(dpy_engine_check_text), METH_VARARGS | METH_KEYWORDS,
     "check_text(text, format=None, *, name=None, procedure=None, "
     "in_progress=None, as_of=None, ledger_map=None) -> FileCheck\n\n"
     "check_file() over text in memory (str, or UTF-8 / GB18030 bytes): "
     "format None or 'auto' decides by content; name (default "
     "'<string>') is what messages call the input, e.g. the workbook a "
     "ledger was read from."},
    {"_check_table", DP_METH(dpy_engine_check_table),
     METH_VARARGS | METH_KEYWORDS,
     "_check_table(header, columns, nrows, index, audit, *, procedure=None, "
     "in_progress=None, as_of=None) -> (findings, records)\n\n"
     "The C half of check_frame() (dueproc/frames.py): an event log held "
     "as a list of column names and a list of columns (numpy object arrays "
     "or lists of str), read by the library's CSV row reader as a table.  "
     "Returns dicts of columns: lists of str, and bytearrays of int64 "
     "(record, event, errors, warnings, findings) and bool (has_event, "
     "verified, ok); records is None unless audit."},
    {"_check_source", DP_METH(dpy_engine_check_source),
     METH_VARARGS | METH_KEYWORDS,
     "_check_source(source, index, audit, *, format=None, encoding=None, "
     "ledger_map=None, procedure=None, in_progress=None, as_of=None) -> "
     "(findings, records)\n\n"
     "As _check_table() for a path (index None), or for the CSV text "
     "DataFrame.to_csv(index=False) wrote of a frame with this index."},
    {"write_report", DP_METH(dpy_engine_write_report),
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
    {"report_html", DP_METH(dpy_engine_report_html), METH_VARARGS | METH_KEYWORDS,
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

PyType_Spec dpy_engine_spec = {"dueproc._dueproc.Engine", sizeof(EngineObject), 0,
                                  Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                                  Engine_slots};

