"""The driver side of the conformance protocol (conformance/README.md): JSON lines in on
stdin, one JSON line out on stdout per request. Shared by the Python drivers."""
import json
import os
import sys
import time
import traceback

SOURCE_ENV = "OVHMOCK_CLIENT_SRC"


def use_source():
    """With --client-src (the runner sets OVHMOCK_CLIENT_SRC), puts the client's source tree
    first on sys.path (its src/ folder when it has one), so the import that follows loads the
    checkout instead of the pinned release. Returns the folder added, or None."""
    src = os.environ.get(SOURCE_ENV)
    if not src:
        return None
    folder = os.path.join(src, "src") if os.path.isdir(os.path.join(src, "src")) else src
    sys.path.insert(0, os.path.abspath(folder))
    return os.path.abspath(folder)


def version(dist, module):
    """The client's version: the installed distribution's, or the module's own __version__
    (marked "source") when it was loaded from the --client-src tree."""
    src = os.environ.get(SOURCE_ENV)
    if src and os.path.abspath(module.__file__).startswith(os.path.abspath(src) + os.sep):
        v = getattr(module, "__version__", None)
        return "%s (source)" % v if v else "source tree"
    import importlib.metadata
    return importlib.metadata.version(dist)


def loaded_from(*modules):
    """{module name: file it was loaded from}: lets the runner check that --client-src was used."""
    return {m.__name__: os.path.abspath(m.__file__) for m in modules}


class Unsupported(Exception):
    """The client library has no way to do what was asked."""


class LocalError(Exception):
    """The library refused before sending anything (e.g. a missing key)."""


def error(kind, type_name, status=None, message=None, query_id=None, text=None, **extra):
    err = {"kind": kind, "type": type_name, "status": status, "message": message,
           "queryId": query_id, "text": text}
    err.update(extra)
    return err


def timed(n, fn):
    """Runs fn() n times; returns the elapsed seconds."""
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - start


def serve(handlers, classify):
    """handlers: op name -> function(msg) returning the value.
    classify: function(exception) -> error dict, or None when not a client error."""
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        msg = json.loads(line)
        op = msg.get("op")
        reply = {"id": msg.get("id")}
        if op == "quit":
            reply["ok"] = True
            reply["value"] = None
            out.write(json.dumps(reply) + "\n")
            out.flush()
            return
        handler = handlers.get(op)
        try:
            if handler is None:
                raise Unsupported("op %s is not implemented by this driver" % op)
            reply["value"] = handler(msg)
            reply["ok"] = True
        except Unsupported as e:
            reply["ok"] = False
            reply["error"] = error("unsupported", "Unsupported", message=str(e))
        except Exception as e:  # noqa: BLE001 - every failure goes back to the runner
            err = classify(e)
            if err is None:
                err = error("driver", type(e).__name__, message=str(e),
                            text=traceback.format_exc(limit=6))
            reply["ok"] = False
            reply["error"] = err
        out.write(json.dumps(reply) + "\n")
        out.flush()
