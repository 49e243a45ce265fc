/*
 * module.c - the module dueproc._dueproc: its state, its
 * exceptions, the helpers every file uses, test_rules() and the
 * unpickler of Engine.
 *
 * Part of the C extension dueproc._dueproc (dueproc-py.h says which file
 * holds what).
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#include "dueproc-py.h" /* Python.h first: it defines _GNU_SOURCE */

#include <sched.h>
#include <unistd.h>

#include <string.h>

/* ---------------------------------------------------------------------
 * Module state
 * ------------------------------------------------------------------- */

const char *const dpy_rfield_names[RF_COUNT] = {
    "id",         "procedure",     "title",      "authority",
    "doc_number", "effective_date", "valid_until"};
const char *const dpy_efield_names[EF_COUNT] = {
    "step", "label", "date", "start", "end",
    "result", "by", "meeting", "channel", "reason",
    "materials_sent", "announced", "requested"};
const char *const dpy_ebool_names[EB_COUNT] = {"signed",
                                               "feedback_published"};
/* The keys of a finding in records.md §6, in the order of the C JSON
 * writer (dp_report_to_json). */
const char *const dpy_finding_keys[FK_COUNT] = {
    "code", "step", "other", "event", "rule",
    "message", "basis", "verified", "severity"};
static struct PyModuleDef dueproc_module;

dp_state *dpy_state_of_module(PyObject *m) {
  return (dp_state *)PyModule_GetState(m);
}

/* The module that defined `tp` or one of its bases (borrowed). */
PyObject *dpy_module_of_type(PyTypeObject *tp) {
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

dp_state *dpy_state_of(PyObject *self) {
  PyObject *m = dpy_module_of_type(Py_TYPE(self));
  return m ? dpy_state_of_module(m) : NULL;
}

/* ---------------------------------------------------------------------
 * Small helpers
 * ------------------------------------------------------------------- */

/* Text the library returned: UTF-8, or None for NULL.  Invalid bytes (never
 * expected) are replaced rather than raising in the middle of a report. */
PyObject *dpy_str_or_none(const char *s) {
  if (!s) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* Raise `cls` (dueproc.Error or RuleError) for DP_E* `code`, with the
 * details of `err` when it holds any. */
void dpy_raise(PyObject *cls, int code, const dp_error *err) {
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
  if ((v = dpy_str_or_none(name)) == NULL ||
      PyObject_SetAttrString(exc, "code", v) < 0)
    goto fail;
  Py_DECREF(v);
  if (have) {
    if ((v = dpy_str_or_none(err->source[0] ? err->source : NULL)) == NULL ||
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
    if ((v = dpy_str_or_none(err->text)) == NULL ||
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
const char *dpy_utf8_of(PyObject *s, const char *what) {
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
int dpy_field_error(int rc, const char *what) {
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
  dp_state *st = dpy_state_of_module(m);
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
  dp_state *st = dpy_state_of_module(m);
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
  if (dpy_parse_lang(langobj, &lang)) return NULL;
  return dpy_engine_from_texts((PyTypeObject *)cls, texts, lang);
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
  dp_state *st = dpy_state_of_module(m);
  if (dpy_records_init() < 0 || dpy_engine_init() < 0) return -1;
  static const char *const sevs[2] = {"error", "warning"};
  const char *codes[DP_CODE__COUNT];
  for (int i = 0; i < DP_CODE__COUNT; i++) codes[i] = dp_code_name(i);
  if (intern_all(st->codes, codes, DP_CODE__COUNT) ||
      intern_all(st->sevs, sevs, 2) ||
      intern_all(st->rkeys, dpy_rfield_names, RF_COUNT) ||
      intern_all(st->ekeys, dpy_efield_names, EF_COUNT) ||
      intern_all(st->bkeys, dpy_ebool_names, EB_COUNT) ||
      intern_all(st->fkeys, dpy_finding_keys, FK_COUNT) ||
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

  if (add_type(m, &dpy_finding_spec, &st->FindingType) ||
      add_type(m, &dpy_engine_spec, &st->EngineType) ||
      add_type(m, &dpy_filecheck_spec, &st->FileCheckType))
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
  dp_state *st = dpy_state_of_module(m);
  if (!st) return 0;
  Py_VISIT(st->Error);
  Py_VISIT(st->RuleError);
  Py_VISIT(st->EngineType);
  Py_VISIT(st->FindingType);
  Py_VISIT(st->FileCheckType);
  return 0;
}

static int module_clear(PyObject *m) {
  dp_state *st = dpy_state_of_module(m);
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
    PyModuleDef_HEAD_INIT, "dueproc._dueproc", module_doc,  sizeof(dp_state),
    module_methods,        module_slots,  module_traverse, module_clear,
    module_free};

PyMODINIT_FUNC PyInit__dueproc(void); /* for -Wmissing-prototypes */
PyMODINIT_FUNC PyInit__dueproc(void) {
  return PyModuleDef_Init(&dueproc_module);
}

int dpy_cpu_count(void) {
#ifdef CPU_COUNT
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return CPU_COUNT(&set);
#endif
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (n > 1024 ? 1024 : (int)n) : 1;
}
