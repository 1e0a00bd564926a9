#!/usr/bin/env python3
"""Conformance runner: starts ovhmock, runs every client driver over the scenario corpus,
writes the matrix (Markdown + JUnit XML). See conformance/README.md."""
import argparse
import concurrent.futures
import fnmatch
import glob
import json
import os
import shlex
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from driver import Driver, DriverError  # noqa: E402
import eras  # noqa: E402
from expectation import judge  # noqa: E402
from journal import Journal  # noqa: E402
from report import write_junit, write_matrix  # noqa: E402
from scenario import Context, Outcome, run_scenario  # noqa: E402
from server import Server, ServerError  # noqa: E402
import sources  # noqa: E402

CONF = os.path.dirname(HERE)
REPO = os.path.dirname(CONF)
_print_lock = threading.Lock()


def say(text):
    with _print_lock:
        print(text, flush=True)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --- configuration ---------------------------------------------------------------------

def load_clients(args):
    specs = load_json(os.path.join(CONF, "clients.json"))["clients"]
    subst = {"conformance": CONF, "deps": os.path.join(CONF, ".deps"), "build": args.build_dir,
             "python": os.path.join(CONF, ".deps", "venv", "bin", "python")}
    try:
        srcs = sources.parse(args.client_src, os.environ, {s["name"]: "src" in s for s in specs})
    except ValueError as e:
        sys.exit("conformance: %s" % e)
    clients = []
    for s in specs:
        # A second column of the same library (another endpoint mode, HTTPS) takes its tree.
        src = srcs.get(s["name"]) or srcs.get(s.get("src_of", ""))
        sub = dict(subst, src=src or "")
        src_spec = s.get("src", {}) if src else {}
        cmd = [part.format(**sub) for part in src_spec.get("command", s["command"])]
        env = dict(s.get("env", {}))
        if src:
            env[sources.ENV_PREFIX.rstrip("_")] = src
            env.update({k: v.format(**sub) for k, v in src_spec.get("env", {}).items()})
        clients.append({"name": s["name"], "command": cmd, "cwd": s.get("cwd", "{conformance}").format(**sub),
                        "env": env, "src": src, "requires_src": s.get("requires_src"),
                        "setup": [part.format(**sub) for part in src_spec.get("setup", [])]})
    for extra in args.driver or []:
        name, _, cmd = extra.partition("=")
        if not cmd:
            sys.exit("--driver needs NAME=COMMAND")
        clients.append({"name": name, "command": shlex.split(cmd), "cwd": os.getcwd(), "env": {}, "src": None,
                        "requires_src": None, "setup": []})
    if args.clients:
        wanted = args.clients.split(",")
        clients = [c for c in clients if any(fnmatch.fnmatch(c["name"], w) for w in wanted)]
    return clients


def load_scenarios(args):
    scenarios = []
    for path in sorted(glob.glob(os.path.join(CONF, "scenarios", "*.json"))):
        s = load_json(path)
        s.setdefault("name", os.path.splitext(os.path.basename(path))[0])
        if args.scenarios and not any(fnmatch.fnmatch(s["name"], w) for w in args.scenarios.split(",")):
            continue
        scenarios.append(s)
    return scenarios


def resolve_keys(fixtures_dir):
    """keys.json names -> {application_key, application_secret, consumer_key}, from the fixtures."""
    apps = {a["applicationId"]: a for a in load_json(os.path.join(fixtures_dir, "applications.json"))}
    creds = {c["credentialId"]: c for c in load_json(os.path.join(fixtures_dir, "credentials.json"))}
    out = {}
    for name, spec in load_json(os.path.join(CONF, "keys.json")).items():
        if name.startswith("_"):
            continue
        if "oauth2ClientId" in spec:
            path = os.path.join(fixtures_dir, "oauth2_clients.json")
            if not os.path.exists(path):
                continue
            client = next((c for c in load_json(path) if c["clientId"] == spec["oauth2ClientId"]), None)
            if client:
                out[name] = {"client_id": client["clientId"], "client_secret": client["clientSecret"]}
            continue
        if "credentialId" in spec:
            c = creds[spec["credentialId"]]
            a = apps[c["applicationId"]]
            keys = {"application_key": a["applicationKey"], "application_secret": a["applicationSecret"],
                    "consumer_key": c["consumerKey"]}
        else:
            keys = {}
        keys.update({k: v for k, v in spec.items() if k != "credentialId"})
        out[name] = keys
    return out


# --- server features ---------------------------------------------------------------------

def probe_features(binary, fixtures, keys, workdir):
    """What the server under test offers, found by asking it (flags in --help, routes)."""
    import subprocess
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    features = {"void_200_null_flag": "--void-200-null" in help_text,
                "public_base": "--public-base" in help_text,
                "tls": "--tls-port" in help_text and "--tls-ca-out" in help_text,
                "auto_validate": "--auto-validate" in help_text}
    srv = Server(binary, fixtures, workdir=workdir).start()
    try:
        k = keys["default"]
        features["me"] = srv.signed("GET", "/1.0/me", k)[0] == 200
        features["domain"] = srv.signed("GET", "/1.0/domain/zone", k)[0] == 200
        features["v2"] = srv.signed("GET", "/v2/domain/name", k)[0] == 200
        features["sms"] = srv.signed("GET", "/1.0/sms", k)[0] == 200
        status, _, _ = srv.http("POST", "/1.0/auth/credential", {"accessRules": [{"method": "GET", "path": "/me"}]},
                                {"X-Ovh-Application": k["application_key"]})
        features["credential_request"] = status == 200
        status, _, _ = srv.http("POST", "/auth/oauth2/token", b"grant_type=client_credentials&scope=all",
                                {"Content-Type": "application/x-www-form-urlencoded"})
        features["oauth2"] = status in (400, 401)
        features["admin"] = srv.admin("GET", "/health")[0] == 200
        features["admin_reset"] = features["admin"] and srv.admin("POST", "/reset", {})[0] in (200, 204)
        features["journal"] = features["admin"] and srv.admin("GET", "/requests")[0] == 200
        features["clock"] = features["admin"] and srv.admin("GET", "/clock")[0] == 200
        features["faults"] = features["admin"] and srv.admin("GET", "/faults")[0] == 200
    finally:
        srv.stop()
    return features


# --- one client --------------------------------------------------------------------------

class ClientRun:
    def __init__(self, args, client, scenarios, expectations, features, keys, error_types):
        self.args = args
        self.client = client
        self.scenarios = scenarios
        self.expectations = expectations.get("clients", {}).get(client["name"], {})
        self.features = features
        self.keys = keys
        self.error_types = error_types
        self.results = []  # (scenario, outcome, detail, seconds)
        self.hello = {}
        self.forms = {}
        self.bench = None
        self.servers = {}
        self.ca_bundle = None
        self.bodies = {}  # scenario -> the body the server received (scenario "report_body")
        self.source = sources.describe(client["src"]) if client.get("src") else None
        self.setup_s = None  # seconds the source tree's setup took

    @staticmethod
    def needs_tls(transport):
        return bool(transport.get("https_only") or not transport.get("signs_port", True))

    def server_flags(self, transport, scenario_flags):
        """Strict by default. A client that only speaks HTTPS gets a TLS listener beside the
        plain one (its CA generated by the server); a client that signs https://host without
        the port also gets --public-base https://127.0.0.1 (ovh-clients.md §4 harness)."""
        flags = list(self.args.server_flag or []) + eras.server_flags(self.args.api_era)
        if self.needs_tls(transport):
            flags += ["--tls-port", "0"]
        if not transport.get("signs_port", True):
            flags += ["--public-base", "https://127.0.0.1"]
        if transport.get("public_base"):
            # A client that signs its production URL while its requests are routed here.
            flags += ["--public-base", transport["public_base"]]
        return tuple(flags + list(scenario_flags))

    def prestart_servers(self, transport):
        """Starts every server this client's scenarios need before the driver starts, so the
        CA bundle exists when the driver reads it (node reads NODE_EXTRA_CA_CERTS at start)."""
        workdir = os.path.join(self.args.out, "work", self.client["name"])
        wanted = {self.server_flags(transport, [])}
        for s in self.scenarios:
            if s.get("server_flags") and all(self.features.get(f) for f in s.get("server_needs", [])):
                wanted.add(self.server_flags(transport, s["server_flags"]))
        cas = []
        for i, flags in enumerate(sorted(wanted)):
            extra = list(flags)
            if "--tls-port" in extra and transport.get("tls_key") == "rsa":
                from tlsgen import write_rsa_chain
                chain = write_rsa_chain(os.path.join(workdir, "rsa-%d" % i))
                extra += ["--tls-cert", chain["cert"], "--tls-key", chain["key"]]
                cas.append(chain["ca"])
            elif "--tls-port" in extra:
                ca = os.path.join(workdir, "ca-%d.pem" % i)
                extra += ["--tls-ca-out", ca]
                cas.append(ca)
            self.servers[flags] = Server(self.args.server, self.args.fixtures, extra, workdir=workdir).start()
        if not cas:
            return None
        bundle = os.path.join(workdir, "ca-bundle.pem")
        with open(bundle, "w") as out:
            for ca in cas:
                with open(ca) as f:
                    out.write(f.read())
        return bundle

    def get_server(self, flags):
        return self.servers[tuple(flags)]

    def endpoint_info(self, server, transport):
        ready = server.ready
        if self.needs_tls(transport):
            url, port = ready["tlsUrl"], int(ready["tlsPort"])
        else:
            url, port = ready["url"], int(ready["port"])
        return {"endpoint": url + "/1.0", "base_url": url, "host": "127.0.0.1", "port": port,
                "scheme": url.split(":", 1)[0], "ca_file": self.ca_bundle}

    def run(self):
        name = self.client["name"]
        env = dict(os.environ)
        env.update({"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", "PYTHONDONTWRITEBYTECODE": "1"})
        for k in [k for k in env if k.startswith("OVH_")]:
            del env[k]  # the clients read OVH_* variables; only what configure says counts
        env.update(self.client.get("env", {}))
        log = os.path.join(self.args.out, "logs", name + ".log")
        driver = Driver(name, self.client["command"], self.client["cwd"], env, log)
        if self.client.get("requires_src") and not self.client.get("src"):
            reason = "%s; supply a checkout with: conformance/run.sh --client-src %s=PATH (or %s=PATH)" % (
                self.client["requires_src"], name, sources.env_name(name))
            for s in self.scenarios:
                self.record(s, Outcome.NA, reason, 0.0)
            return self
        try:
            if self.client.get("setup"):
                self.setup_source(env, log + ".setup")
            # hello first (in a throw-away process) to learn the transport, then the servers.
            probe = Driver(name, self.client["command"], self.client["cwd"], env, log + ".hello").start()
            try:
                reply = probe.request({"op": "hello"}, timeout=60)
            finally:
                probe.stop()
            if not reply.get("ok"):
                raise DriverError("hello failed: %s" % reply.get("error"))
            self.hello = reply["value"]
            if self.client.get("src") and not sources.loaded_from_source(self.hello, self.client["src"]):
                raise DriverError("--client-src %s: the driver loaded %s, not the source tree %s" % (
                    name, json.dumps(self.hello.get("source")), self.client["src"]))
            transport = self.hello.get("transport", {})
            needs_tls = self.needs_tls(transport)
            if needs_tls and not self.features.get("tls"):
                for s in self.scenarios:
                    self.record(s, Outcome.NA, "client needs HTTPS; the server has no TLS listener", 0.0)
                return self
            self.ca_bundle = self.prestart_servers(transport)
            if self.ca_bundle:
                env.update({"REQUESTS_CA_BUNDLE": self.ca_bundle, "SSL_CERT_FILE": self.ca_bundle,
                            "NODE_EXTRA_CA_CERTS": self.ca_bundle})
            driver.start()
            reply = driver.request({"op": "hello"}, timeout=60)
            if not reply.get("ok"):
                raise DriverError("hello failed: %s" % reply.get("error"))
            for s in self.scenarios:
                self.run_one(driver, s, transport, needs_tls)
            if self.args.bench:
                self.run_bench(driver, transport)
        except (DriverError, ServerError, OSError) as e:
            done = {r[0]["name"] for r in self.results}
            what = "server failed to start" if isinstance(e, ServerError) else "driver/server failure"
            for s in self.scenarios:
                if s["name"] not in done:
                    self.record(s, Outcome.FAIL, "%s: %s" % (what, e), 0.0)
        finally:
            driver.stop()
            for srv in self.servers.values():
                srv.stop()
        return self

    def setup_source(self, env, log):
        """Builds or installs what the driver needs for the given source tree (the client's
        "src.setup" command in clients.json); its output goes to the log."""
        import subprocess
        start = time.monotonic()
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, "wb") as out:
            p = subprocess.run(self.client["setup"], cwd=CONF, env=env, stdin=subprocess.DEVNULL, stdout=out,
                               stderr=subprocess.STDOUT)
        self.setup_s = time.monotonic() - start
        say("[%-16s] source setup %s in %.1fs (%s)" % (self.client["name"], "done" if p.returncode == 0 else "FAILED",
                                                      self.setup_s, os.path.relpath(log, os.getcwd())))
        if p.returncode != 0:
            with open(log, "rb") as f:
                tail = f.read()[-800:].decode("utf-8", "replace")
            raise DriverError("source setup exited with status %d: %s" % (p.returncode, tail))

    def run_one(self, driver, s, transport, needs_tls):
        start = time.monotonic()
        exp = eras.expectation_in_era(self.expectations.get(s["name"], {}), self.args.api_era)

        def not_applicable(reason):
            # judged like any outcome: an N/A that expectations.json does not pin is FAIL
            return self.record(s, *judge(Outcome.NA, reason, exp), 0.0)

        # a scenario that does not exist in this API era (a property of the run, not of a client)
        era_na = eras.scenario_na_in_era(s, self.args.api_era)
        if era_na:
            return self.record(s, Outcome.NA, era_na, 0.0)
        s = eras.scenario_for_era(s, self.args.api_era)

        if s.get("na"):
            return not_applicable(s["na"])
        if "octodns" in s.get("needs", []) and "octodns" not in self.hello.get("capabilities", []):
            return not_applicable("scenario for the octoDNS tool only")
        for need in s.get("server_needs", []):
            if not self.features.get(need):
                return not_applicable("server has no %s" % need)
        for need in self.hello.get("server_needs", []):
            if not self.features.get(need):
                return not_applicable("the client needs %s to start; the server has none" % need)
        if s.get("server_flags") and not all(self.features.get(f) for f in s.get("server_flags_need", [])):
            return not_applicable("server lacks a flag the scenario needs")
        server = self.get_server(self.server_flags(transport, s.get("server_flags", [])))
        journal = Journal(server, self.features.get("journal", False))
        ctx = Context(self.client["name"], driver, self.hello, server, self.endpoint_info(server, transport),
                      self.keys, self.features, self.error_types, journal)
        outcome, detail = run_scenario(ctx, s)
        entries = []
        if outcome in (Outcome.PASS, Outcome.FAIL):
            try:
                entries = ctx.journal_entries or journal.entries()
            except Exception:  # noqa: BLE001 - the journal is informative here
                entries = []
            for e in entries:
                if e.get("form"):
                    self.forms[e["form"]] = self.forms.get(e["form"], 0) + 1
            want = s.get("report_body")
            for e in entries if want else []:
                if journal.selects(e, want):
                    self.bodies[s["name"]] = e.get("body") or ""
        outcome, detail = judge(outcome, detail, exp)
        if outcome in (Outcome.FAIL, Outcome.XFAIL, Outcome.XPASS) and entries:
            self.log_journal(s["name"], outcome, entries)
        self.record(s, outcome, detail, time.monotonic() - start)

    def log_journal(self, scenario, outcome, entries):
        """What the server saw in a cell that did not pass (secrets masked by the server), one
        JSON line per scenario in logs/<client>.journal.jsonl: the evidence behind FINDINGS.md."""
        keep = ("method", "url", "status", "errorCode", "errorMessage", "body")
        requests = []
        for e in entries:
            r = {k: e[k] for k in keep if e.get(k) not in (None, "")}
            auth = e.get("auth") or {}
            r["auth"] = {k: auth[k] for k in ("accepted", "matchedForm", "reason", "signatureHint", "timestampDelta")
                         if k in auth}
            requests.append(r)
        path = os.path.join(self.args.out, "logs", self.client["name"] + ".journal.jsonl")
        with open(path, "a", encoding="utf-8") as f:
            line = {"scenario": scenario, "outcome": outcome, "requests": requests}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")

    def record(self, s, outcome, detail, seconds):
        self.results.append((s, outcome, detail, seconds))
        width = 34
        line = "[%-16s] %-*s %-5s %5.2fs" % (self.client["name"], width, s["name"], outcome, seconds)
        if outcome in (Outcome.FAIL, Outcome.XPASS) or (self.args.verbose and detail):
            line += "  " + detail
        say(line)

    def run_bench(self, driver, transport):
        if "bench" not in self.hello.get("capabilities", []):
            self.bench = {"error": "no bench op (the driver runs a tool, not a library)"}
            return
        server = self.get_server(self.server_flags(transport, []))
        reply = driver.request(dict(configure_message_for(self, server, transport)), timeout=30)
        if not reply.get("ok"):
            self.bench = {"error": "configure failed: %s" % reply.get("error")}
            return
        path = "/me" if self.features.get("me") else "/auth/currentCredential"
        reply = driver.request({"op": "bench", "n": self.args.bench, "path": path,
                                "sign_n": self.args.bench * 50}, timeout=600)
        self.bench = reply.get("value") if reply.get("ok") else {"error": reply.get("error")}
        if isinstance(self.bench, dict):
            self.bench["path"] = path
        say("[%-16s] bench %s" % (self.client["name"], json.dumps(self.bench)))


def configure_message_for(run, server, transport):
    from scenario import configure_message
    ctx = Context(run.client["name"], None, run.hello, server, run.endpoint_info(server, transport), run.keys,
                  run.features, run.error_types, None)
    return configure_message(ctx, "default")


# --- main --------------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--server", default=os.path.join(REPO, "build", "mock-server", "ovhmock"))
    p.add_argument("--build-dir", default=os.path.join(REPO, "build"))
    p.add_argument("--fixtures", default=os.path.join(REPO, "fixtures", "default"))
    p.add_argument("--clients", help="comma-separated client names or globs (default: all)")
    p.add_argument("--scenarios", help="comma-separated scenario names or globs (default: all)")
    p.add_argument("--driver", action="append", metavar="NAME=COMMAND",
                   help="add your own driver (runs with the others unless --clients NAME)")
    p.add_argument("--client-src", action="append", metavar="NAME=PATH",
                   help="run client NAME's driver on the source tree PATH instead of the pinned release "
                        "(repeatable; also %sNAME=PATH in the environment)" % sources.ENV_PREFIX)
    p.add_argument("--server-flag", action="append", help="extra flag for every server started")
    p.add_argument("--out", default=os.path.join(CONF, "reports"))
    p.add_argument("-j", "--jobs", type=int, default=2, help="clients run in parallel (default 2)")
    p.add_argument("--bench", type=int, default=0, metavar="N", help="also run the bench op with N calls")
    p.add_argument("--no-scenarios", action="store_true", help="run no scenario (with --bench)")
    p.add_argument("--bench-out", default=os.path.join(REPO, "bench", "results"))
    p.add_argument("--matrix-copy", help="also copy the Markdown matrix to this file")
    p.add_argument("--api-era", choices=eras.ERAS, default=eras.DEFAULT,
                   help="start every server with --api-era ERA; expectations and scenarios with \"eras\" "
                        "apply only in those (runner/eras.py)")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    args.server = os.path.abspath(args.server)
    args.fixtures = os.path.abspath(args.fixtures)
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)

    if not os.access(args.server, os.X_OK):
        sys.exit("conformance: no server binary at %s (build first: scripts/setup.sh)" % args.server)
    started = time.monotonic()
    clients = load_clients(args)
    scenarios = [] if args.no_scenarios else load_scenarios(args)
    expectations = load_json(os.path.join(CONF, "expectations.json"))
    error_types = load_json(os.path.join(CONF, "error_types.json"))
    keys = resolve_keys(args.fixtures)
    workdir = os.path.join(args.out, "work")
    import shutil
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.rmtree(os.path.join(args.out, "logs"), ignore_errors=True)
    features = probe_features(args.server, args.fixtures, keys, workdir)
    say("conformance: %d client(s) x %d scenario(s); server features: %s" % (
        len(clients), len(scenarios), ", ".join(k for k, v in sorted(features.items()) if v) or "none"))
    for c in clients:
        if c.get("src"):
            say("conformance: %s from %s" % (c["name"], sources.text(sources.describe(c["src"]))))
    missing = [f for f in expectations.get("required_server_features", []) if not features.get(f)]

    runs = [ClientRun(args, c, scenarios, expectations, features, keys, error_types) for c in clients]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(lambda r: r.run(), runs))
    elapsed = time.monotonic() - started

    meta = {"api_era": args.api_era, "elapsed_s": elapsed, "features": features, "missing_required": missing,
            "server": os.path.relpath(args.server, REPO) if args.server.startswith(REPO) else args.server}
    if args.no_scenarios:
        from report import write_bench
        write_bench(args.bench_out, runs, meta)
        benched = [r for r in runs if "bench" in r.hello.get("capabilities", [])]
        return 0 if all(r.bench and not r.bench.get("error") for r in benched) else 1
    md = write_matrix(os.path.join(args.out, "matrix.md"), runs, scenarios, meta)
    write_junit(os.path.join(args.out, "junit.xml"), runs)
    if args.matrix_copy:
        with open(args.matrix_copy, "w", encoding="utf-8") as f:
            f.write(md)
    if args.bench:
        from report import write_bench
        write_bench(args.bench_out, runs, meta)

    counts = {}
    for r in runs:
        for _, outcome, _, _ in r.results:
            counts[outcome] = counts.get(outcome, 0) + 1
    bad = counts.get(Outcome.FAIL, 0) + counts.get(Outcome.XPASS, 0)
    say("conformance: %s in %.1fs; matrix: %s" % (
        ", ".join("%d %s" % (v, k) for k, v in sorted(counts.items())), elapsed,
        os.path.relpath(os.path.join(args.out, "matrix.md"), os.getcwd())))
    if missing:
        say("conformance: the server lacks required features: %s" % ", ".join(missing))
    passed = counts.get(Outcome.PASS, 0) + counts.get(Outcome.XFAIL, 0)
    say("%d passed, %d failed" % (passed, bad))
    return 1 if bad or missing else 0


if __name__ == "__main__":
    sys.exit(main())
