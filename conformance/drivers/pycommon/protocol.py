"""The driver side of the conformance protocol (conformance/README.md): JSON lines in on
stdin, one JSON line out on stdout per request. Shared by the Python drivers."""
import json
import sys
import time
import traceback


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
