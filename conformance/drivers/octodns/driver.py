"""Conformance driver for octoDNS 1.x with octodns-ovh 1.2.0, driven as its users drive it:
the `octodns-dump` and `octodns-sync` commands with a YAML config, the OVH provider
pointed at the server through python-ovh's ENDPOINTS (sitecustomize.py in this folder)."""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pycommon"))
import protocol  # noqa: E402

SOURCE = protocol.use_source()  # a checkout of octodns or of octodns-ovh, first on the path

import octodns as octodns_pkg  # noqa: E402
import octodns_ovh  # noqa: E402
import yaml  # noqa: E402

BIN = os.path.dirname(sys.executable)
state = {"config": None, "work": None}


def hello(_msg):
    return {"name": "octodns", "library": "octodns + octodns-ovh",
            "version": "octodns %s, octodns-ovh %s" % (protocol.version("octodns", octodns_pkg),
                                                      protocol.version("octodns-ovh", octodns_ovh)),
            "source": protocol.loaded_from(octodns_pkg, octodns_ovh),
            "language": "python", "transport": {"https_only": False, "signs_port": True},
            "capabilities": ["octodns"]}


def configure(msg):
    state["config"] = msg
    state["work"] = tempfile.mkdtemp(prefix="octodns-")
    return {}


def _write_config(zone):
    m = state["config"]
    work = state["work"]
    config = {
        "providers": {
            "config": {"class": "octodns.provider.yaml.YamlProvider", "directory": os.path.join(work, "zones"),
                       "default_ttl": 3600, "enforce_order": False},
            "ovh": {"class": "octodns_ovh.OvhProvider", "endpoint": "ovhmock",
                    "application_key": "env/OVH_APPLICATION_KEY", "application_secret": "env/OVH_APPLICATION_SECRET",
                    "consumer_key": "env/OVH_CONSUMER_KEY"},
        },
        "zones": {zone: {"sources": ["config"], "targets": ["ovh"]}},
    }
    path = os.path.join(work, "config.yaml")
    with open(path, "w") as f:
        yaml.safe_dump(config, f)
    env = dict(os.environ)
    env.update({"PYTHONPATH": os.pathsep.join([HERE] + ([SOURCE] if SOURCE else [])), "OVHMOCK_ENDPOINT": m["endpoint"], "OVH_APPLICATION_KEY": m["application_key"],
                "OVH_APPLICATION_SECRET": m["application_secret"], "OVH_CONSUMER_KEY": m["consumer_key"]})
    return path, env


def _run(cmd, env):
    p = subprocess.run(cmd, env=env, cwd=state["work"], capture_output=True, text=True, timeout=120)
    output = p.stdout + p.stderr
    if p.returncode != 0:
        # The last two lines (a traceback's exception) first: the report shortens long details.
        last = " | ".join([line.strip() for line in output.splitlines() if line.strip()][-2:])
        raise RuntimeError("%s exited %d: %s\n%s" % (os.path.basename(cmd[0]), p.returncode, last,
                                                      output[-1500:]))
    return output


def dump(msg):
    zone = msg["zone"]
    config, env = _write_config(zone)
    out_dir = os.path.join(state["work"], "dump")
    _run([os.path.join(BIN, "octodns-dump"), "--config-file", config, "--output-dir", out_dir, zone, "ovh"], env)
    with open(os.path.join(out_dir, zone + "yaml")) as f:
        records = yaml.safe_load(f) or {}
    state["last_dump"] = records
    return {"records": records}


def sync(msg):
    zone = msg["zone"]
    config, env = _write_config(zone)
    records = dict(state.get("last_dump") or {})
    records.update(msg.get("add", {}))
    zones = os.path.join(state["work"], "zones")
    os.makedirs(zones, exist_ok=True)
    with open(os.path.join(zones, zone + "yaml"), "w") as f:
        yaml.safe_dump(records, f, allow_unicode=True)
    output = _run([os.path.join(BIN, "octodns-sync"), "--config-file", config, "--doit"], env)
    changes = [m.group(0).strip() for m in re.finditer(r"^\*\s+(Create|Update|Delete) .*$", output, re.M)]
    return {"changes": changes, "output": output[-3000:]}


def octodns(msg):
    action = msg.get("action")
    if action == "dump":
        return dump(msg)
    if action == "sync":
        return sync(msg)
    raise protocol.Unsupported("octodns action %s" % action)


def classify(e):
    if isinstance(e, RuntimeError):
        return protocol.error("local", "CommandFailed", message=str(e), text=str(e))
    return None


if __name__ == "__main__":
    protocol.serve({"hello": hello, "configure": configure, "octodns": octodns}, classify)
