"""--client-src NAME=PATH: run a client's driver on a local checkout of the client instead of
the pinned release (conformance/README.md, "Run it in your client's CI")."""
import os
import re
import subprocess

ENV_PREFIX = "OVHMOCK_CLIENT_SRC_"


def env_name(client):
    """OVHMOCK_CLIENT_SRC_<NAME>: the client name upper-cased, anything but letters and digits as _."""
    return ENV_PREFIX + re.sub(r"[^A-Z0-9]", "_", client.upper())


def parse(specs, environ, known):
    """The source tree per client, from --client-src NAME=PATH (first) and the environment.
    known: {client name: whether it accepts a source tree}. Raises ValueError on bad input."""
    out = {}
    for name, accepts in known.items():
        value = environ.get(env_name(name))
        if value:
            out[name] = value
    for spec in specs or []:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise ValueError("--client-src needs NAME=PATH, got %r" % spec)
        out[name] = path
    for name, path in list(out.items()):
        if name not in known:
            raise ValueError("--client-src %s: no such client (clients: %s)" % (name, ", ".join(sorted(known))))
        if not known[name]:
            raise ValueError("--client-src %s: this client cannot run from a source tree" % name)
        path = os.path.abspath(os.path.expanduser(path))
        if not os.path.isdir(path):
            raise ValueError("--client-src %s: %s is not a directory" % (name, path))
        out[name] = path
    return out


def _git(path, *args):
    try:
        p = subprocess.run(["git", "-C", path] + list(args), capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return p.stdout.strip() if p.returncode == 0 else None


def describe(path):
    """{path, commit?, modified?}: the git commit when the tree is a git work tree."""
    info = {"path": path}
    commit = _git(path, "rev-parse", "HEAD")
    if commit:
        info["commit"] = commit
        info["modified"] = bool(_git(path, "status", "--porcelain", "--untracked-files=no"))
    return info


def text(info):
    if not info:
        return "as installed (no `--client-src`)"
    out = "source tree `%s`" % info["path"]
    if info.get("commit"):
        out += " at git commit `%s`%s" % (info["commit"][:12], " (with local changes)" if info.get("modified") else "")
    else:
        out += " (not a git work tree)"
    return out


def loaded_from_source(hello, path):
    """True when a file the driver reports having loaded lies in the source tree."""
    real = os.path.realpath(path) + os.sep
    files = (hello.get("source") or {}).values()
    return any(os.path.realpath(f).startswith(real) for f in files if isinstance(f, str))
