"""Triad from Python, over the C API (triad.h) with ctypes: a small binding that shows how a
managed language (Swift, Kotlin) uses libtriad. Records go in and out as dicts; every failure is
raised as TriadError with the API's code and message. A Store is used by one thread at a time.

    with triad.Store.create("ana.db", "Fortismere", "Ana Diaz") as store:
        id = store.create_record({"type": "observation", "fields": {...}})
        store.set_setting("hub", "hub.example.org:7400")
        store.sync(token=token_from_the_keychain, on_progress=lambda p: print(p["percent"]))

The library is found in TRIAD_LIBRARY (a path), else as libtriad.so.1 on the loader's path.
"""
import ctypes
import json
import os

API_VERSION = 1


class TriadError(Exception):
    """A call that returned a code other than TRIAD_OK: `code` (an int), `name` and the message."""

    def __init__(self, code, name, message):
        super().__init__(f"{name}: {message}")
        self.code, self.name, self.message = code, name, message


NOT_FOUND = 2
UNAVAILABLE = 8


class _Progress(ctypes.Structure):
    _fields_ = [("sent", ctypes.c_uint64), ("received", ctypes.c_uint64),
                ("to_send", ctypes.c_uint64), ("to_receive", ctypes.c_uint64),
                ("percent", ctypes.c_int)]


class _SyncOptions(ctypes.Structure):
    _fields_ = [("token", ctypes.c_char_p), ("hub", ctypes.c_char_p), ("ca", ctypes.c_char_p),
                ("timeout_ms", ctypes.c_int)]


_PROGRESS_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_Progress))
_OUT = ctypes.POINTER(ctypes.c_void_p)  # char**: read with string_at, freed with triad_free


def _load():
    lib = ctypes.CDLL(os.environ.get("TRIAD_LIBRARY") or "libtriad.so.1")
    signatures = {
        "triad_api_version": ([], ctypes.c_int),
        "triad_version": ([], ctypes.c_char_p),
        "triad_code_name": ([ctypes.c_int], ctypes.c_char_p),
        "triad_free": ([ctypes.c_void_p], None),
        "triad_store_create": ([ctypes.c_char_p] * 3 + [_OUT, _OUT], ctypes.c_int),
        "triad_store_open": ([ctypes.c_char_p, _OUT, _OUT], ctypes.c_int),
        "triad_store_close": ([ctypes.c_void_p], None),
        "triad_status": ([ctypes.c_void_p, _OUT, _OUT], ctypes.c_int),
        "triad_record_create": ([ctypes.c_void_p, ctypes.c_char_p, _OUT, _OUT], ctypes.c_int),
        "triad_record_update": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, _OUT],
                                ctypes.c_int),
        "triad_record_delete": ([ctypes.c_void_p, ctypes.c_char_p, _OUT], ctypes.c_int),
        "triad_record_get": ([ctypes.c_void_p, ctypes.c_char_p, _OUT, _OUT], ctypes.c_int),
        "triad_records_list": ([ctypes.c_void_p, ctypes.c_char_p, _OUT, _OUT], ctypes.c_int),
        "triad_conflicts": ([ctypes.c_void_p, _OUT, _OUT], ctypes.c_int),
        "triad_conflict_resolve": ([ctypes.c_void_p] + [ctypes.c_char_p] * 3 + [_OUT],
                                   ctypes.c_int),
        "triad_refusals": ([ctypes.c_void_p, _OUT, _OUT], ctypes.c_int),
        "triad_refusal_discard": ([ctypes.c_void_p, ctypes.c_char_p, _OUT], ctypes.c_int),
        "triad_settings_set": ([ctypes.c_void_p] + [ctypes.c_char_p] * 2 + [_OUT], ctypes.c_int),
        "triad_token_save": ([ctypes.c_void_p, ctypes.c_char_p, _OUT], ctypes.c_int),
        "triad_sync": ([ctypes.c_void_p, ctypes.POINTER(_SyncOptions), _PROGRESS_FN,
                        ctypes.c_void_p, _OUT, _OUT], ctypes.c_int),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result
    if lib.triad_api_version() < API_VERSION:
        raise ImportError("libtriad is older than this binding (API version "
                          f"{lib.triad_api_version()} < {API_VERSION})")
    return lib


_lib = _load()


def version():
    return _lib.triad_version().decode()


def _text(pointer):
    """The string a char** received, decoded, and freed."""
    if not pointer.value:
        return None
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        _lib.triad_free(pointer.value)


def _call(function, *args):
    """Calls `function` with `args` and an error out-parameter; raises TriadError on failure."""
    error = ctypes.c_void_p()
    code = function(*args, ctypes.byref(error))
    if code != 0:
        message = _text(error) or ""
        raise TriadError(code, _lib.triad_code_name(code).decode(), message)


def _utf8(text):
    return None if text is None else text.encode("utf-8")


class Store:
    """One device's store; close it (or use `with`) when done."""

    def __init__(self, handle):
        self._handle = handle

    @classmethod
    def create(cls, path, school, person):
        handle = ctypes.c_void_p()
        _call(_lib.triad_store_create, _utf8(path), _utf8(school), _utf8(person),
              ctypes.byref(handle))
        return cls(handle)

    @classmethod
    def open(cls, path):
        handle = ctypes.c_void_p()
        _call(_lib.triad_store_open, _utf8(path), ctypes.byref(handle))
        return cls(handle)

    def close(self):
        if self._handle:
            _lib.triad_store_close(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _json(self, function, *args):
        out = ctypes.c_void_p()
        _call(function, self._handle, *args, ctypes.byref(out))
        return json.loads(_text(out))

    def status(self):
        return self._json(_lib.triad_status)

    def create_record(self, record):
        out = ctypes.c_void_p()
        _call(_lib.triad_record_create, self._handle, _utf8(json.dumps(record)),
              ctypes.byref(out))
        return _text(out)

    def update(self, id, fields):
        _call(_lib.triad_record_update, self._handle, _utf8(id), _utf8(json.dumps(fields)))

    def delete(self, id):
        _call(_lib.triad_record_delete, self._handle, _utf8(id))

    def get(self, id):
        return self._json(_lib.triad_record_get, _utf8(id))

    def list(self, type=None):
        return self._json(_lib.triad_records_list, _utf8(type))

    def conflicts(self):
        return self._json(_lib.triad_conflicts)

    def resolve_conflict(self, id, field, value=None):
        _call(_lib.triad_conflict_resolve, self._handle, _utf8(id), _utf8(field), _utf8(value))

    def refusals(self):
        return self._json(_lib.triad_refusals)

    def discard_refusal(self, id):
        _call(_lib.triad_refusal_discard, self._handle, _utf8(id))

    def set_setting(self, name, value):
        _call(_lib.triad_settings_set, self._handle, _utf8(name), _utf8(value))

    def save_token(self, token):
        _call(_lib.triad_token_save, self._handle, _utf8(token))

    def sync(self, token=None, hub=None, ca=None, timeout_ms=0, on_progress=None):
        """Syncs with the hub; returns the report as a dict. on_progress gets a dict per batch."""
        options = _SyncOptions(_utf8(token), _utf8(hub), _utf8(ca), timeout_ms)

        def progress(_context, p):
            if on_progress:
                q = p.contents
                on_progress({"sent": q.sent, "received": q.received, "to_send": q.to_send,
                             "to_receive": q.to_receive, "percent": q.percent})

        callback = _PROGRESS_FN(progress)  # kept alive for the call
        report = ctypes.c_void_p()
        _call(_lib.triad_sync, self._handle, ctypes.byref(options), callback, None,
              ctypes.byref(report))
        return json.loads(_text(report))
