/* The chunk loop of rasd.arabic.tokenize.token_spans in C: the same tokens, made faster.
 *
 * Why C: every stage after structure tokenises every sentence, and the loop is a few
 * steps per white-space chunk (split, find, isalpha, intern, a tuple) that cost ~7% of a
 * warm analyze in Python, plus a generic tuple.__new__ call per Token.  The Python loop
 * stays the reference and runs wherever this module is not built (no C compiler,
 * RASD_PURE_PYTHON=1); tests compare the two.
 *
 * scan(text, start, end, shift, plain, make, marks, fallback) -> list
 *   The tokens of text[start:end], offsets moved by shift, each made as a tuple of type
 *   make (tuple itself, or a tuple subclass such as Token) holding
 *   (start, end, interned text, kind).  For each white-space chunk (str.split()'s
 *   white space, Py_UNICODE_ISSPACE):
 *   - letters only (str.isalpha): one "word" token;
 *   - when plain is true and the chunk is longer than one character: letters with one
 *     lone mark after them, or one lone mark before them, a "word" and a "punct" token
 *     (a lone mark: not alphanumeric, not "_", not one of the characters of marks);
 *   - anything else: fallback(at, pos), the pattern's tokens of text[at:pos] as plain
 *     tuples (offsets already moved), appended in order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *WORD;  /* "word", interned */
static PyObject *PUNCT; /* "punct", interned */

/* Whether text[a:b] is a non-empty run of letters (str.isalpha). */
static int
all_alpha(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    if (a >= b) {
        return 0;
    }
    for (Py_ssize_t i = a; i < b; i++) {
        if (!Py_UNICODE_ISALPHA(PyUnicode_READ(kind, data, i))) {
            return 0;
        }
    }
    return 1;
}

/* Whether ch beside a run of letters is a token of its own (tokenize._lone_mark). */
static int
lone_mark(Py_UCS4 ch, PyObject *marks)
{
    if (Py_UNICODE_ISALNUM(ch) || ch == '_') {
        return 0;
    }
    return PyUnicode_FindChar(marks, ch, 0, PyUnicode_GET_LENGTH(marks), 1) < 0;
}

/* A tuple of type make holding (start, end, interned text[a:b], kind), or NULL. */
static PyObject *
token(PyTypeObject *make, PyObject *text, Py_ssize_t a, Py_ssize_t b, Py_ssize_t shift, PyObject *kind)
{
    PyObject *s = PyUnicode_Substring(text, a, b);
    if (s == NULL) {
        return NULL;
    }
    PyUnicode_InternInPlace(&s);
    PyObject *start = PyLong_FromSsize_t(a + shift);
    PyObject *end = PyLong_FromSsize_t(b + shift);
    PyObject *out = make == &PyTuple_Type ? PyTuple_New(4) : make->tp_alloc(make, 4);
    if (start == NULL || end == NULL || out == NULL) {
        Py_XDECREF(start);
        Py_XDECREF(end);
        Py_XDECREF(out);
        Py_DECREF(s);
        return NULL;
    }
    Py_INCREF(kind);
    PyTuple_SET_ITEM(out, 0, start);
    PyTuple_SET_ITEM(out, 1, end);
    PyTuple_SET_ITEM(out, 2, s);
    PyTuple_SET_ITEM(out, 3, kind);
    return out;
}

/* Append a new token to out; -1 on error. */
static int
append(PyObject *out, PyTypeObject *make, PyObject *text, Py_ssize_t a, Py_ssize_t b, Py_ssize_t shift,
       PyObject *kind)
{
    PyObject *t = token(make, text, a, b, shift, kind);
    if (t == NULL) {
        return -1;
    }
    int rc = PyList_Append(out, t);
    Py_DECREF(t);
    return rc;
}

/* Append fallback(a, b)'s plain tuples to out, each remade as type make; -1 on error. */
static int
append_fallback(PyObject *out, PyTypeObject *make, PyObject *fallback, Py_ssize_t a, Py_ssize_t b)
{
    PyObject *found = PyObject_CallFunction(fallback, "nn", a, b);
    if (found == NULL) {
        return -1;
    }
    if (!PyList_Check(found)) {
        PyErr_SetString(PyExc_TypeError, "scan's fallback must return a list");
        Py_DECREF(found);
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(found); k++) {
        PyObject *raw = PyList_GET_ITEM(found, k);
        if (!PyTuple_CheckExact(raw) || PyTuple_GET_SIZE(raw) != 4) {
            PyErr_SetString(PyExc_TypeError, "scan's fallback must give tuples of four");
            Py_DECREF(found);
            return -1;
        }
        PyObject *t = raw;
        if (make != &PyTuple_Type) {
            t = make->tp_alloc(make, 4);
            if (t == NULL) {
                Py_DECREF(found);
                return -1;
            }
            for (Py_ssize_t j = 0; j < 4; j++) {
                PyObject *item = PyTuple_GET_ITEM(raw, j);
                Py_INCREF(item);
                PyTuple_SET_ITEM(t, j, item);
            }
        } else {
            Py_INCREF(t);
        }
        int rc = PyList_Append(out, t);
        Py_DECREF(t);
        if (rc < 0) {
            Py_DECREF(found);
            return -1;
        }
    }
    Py_DECREF(found);
    return 0;
}

static PyObject *
scan(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text, *marks, *fallback;
    PyTypeObject *make;
    Py_ssize_t start, end, shift;
    int plain;
    if (!PyArg_ParseTuple(args, "UnnnpO!UO:scan", &text, &start, &end, &shift, &plain, &PyType_Type, &make,
                          &marks, &fallback)) {
        return NULL;
    }
    if (!PyType_IsSubtype(make, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "scan's make must be tuple or a subclass of it");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (start < 0) {
        start = 0;
    }
    if (end > n) {
        end = n;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t i = start;
    while (i < end) {
        while (i < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        if (i >= end) {
            break;
        }
        Py_ssize_t at = i;
        while (i < end && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            i++;
        }
        Py_ssize_t pos = i;
        int rc;
        if (all_alpha(kind, data, at, pos)) {
            rc = append(out, make, text, at, pos, shift, WORD);
        } else if (plain && pos - at > 1 && lone_mark(PyUnicode_READ(kind, data, pos - 1), marks)
                   && all_alpha(kind, data, at, pos - 1)) {
            rc = append(out, make, text, at, pos - 1, shift, WORD);
            if (rc == 0) {
                rc = append(out, make, text, pos - 1, pos, shift, PUNCT);
            }
        } else if (plain && pos - at > 1 && lone_mark(PyUnicode_READ(kind, data, at), marks)
                   && all_alpha(kind, data, at + 1, pos)) {
            rc = append(out, make, text, at, at + 1, shift, PUNCT);
            if (rc == 0) {
                rc = append(out, make, text, at + 1, pos, shift, WORD);
            }
        } else {
            rc = append_fallback(out, make, fallback, at, pos);
        }
        if (rc < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(text, start, end, shift, plain, make, marks, fallback) -> list: the tokens of\n"
     "text[start:end] as tokenize.token_spans finds them, each a tuple of type make."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "rasd.arabic._scan",
    "The chunk loop of rasd.arabic.tokenize.token_spans in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    WORD = PyUnicode_InternFromString("word");
    PUNCT = PyUnicode_InternFromString("punct");
    if (WORD == NULL || PUNCT == NULL) {
        return NULL;
    }
    return PyModule_Create(&module);
}
