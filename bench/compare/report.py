#!/usr/bin/env python3
"""Turns one bench/run.sh run directory into the report: a summary JSON
(bench/results/latest.json), a Markdown table (bench/results/latest.md), an SVG chart
and, with --readme, the README's "Benchmarks" section between its markers.
Targets are reported (met / missed and by how much), never asserted."""
import argparse
import glob
import html
import json
import os
import shutil

BEGIN = "<!-- bench:begin (written by bench/run.sh) -->"
END = "<!-- bench:end -->"

p = argparse.ArgumentParser()
p.add_argument("--run", required=True)
p.add_argument("--results", required=True)
p.add_argument("--svg", help="also write the chart here (e.g. docs/benchmarks-latest.svg)")
p.add_argument("--readme", help="README.md whose Benchmarks section is replaced")
p.add_argument("--summary", help="also write the summary JSON here (e.g. docs/benchmarks-latest.json), the data "
                                 "behind the tables the README cites, committed beside them")
a = p.parse_args()


def load(path, default=None):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return default


run = a.run
machine = load(f"{run}/machine.json", {})
routes = load(f"{run}/routes.json", {})
micro = load(f"{run}/micro_ratios.json", {})
instructions = load(f"{run}/instructions.json", {})
scenarios = {os.path.basename(f)[:-5]: load(f) for f in sorted(glob.glob(f"{run}/*.json"))
             if not f.endswith((".server.json", "machine.json", "routes.json", "micro.json", "micro_ratios.json", "instructions.json",
                                "summary.json", "body.json"))}
scenarios = {k: v for k, v in scenarios.items() if isinstance(v, dict) and "rps" in v}
servers = {os.path.basename(f)[:-12]: load(f) for f in sorted(glob.glob(f"{run}/*.server.json"))}
body = open(f"{run}/body.json", "rb").read() if os.path.exists(f"{run}/body.json") else b""

PEERS = [("ovhmock", "ovhmock (signed, verified)"), ("nginx", "nginx static file"),
         ("wiremock", "WireMock 3.13.2"), ("prism", "Prism 5.14.2")]


def peer_get(name):
    return scenarios.get("ovhmock-http-journal-get" if name == "ovhmock" else f"{name}-get")


def peer_fixed(name):
    return scenarios.get("ovhmock-http-journal-get-fixed" if name == "ovhmock" else f"{name}-get-fixed")


def same_body(name):
    if name == "ovhmock":
        return True
    f = f"{run}/{name}.body"
    return os.path.exists(f) and open(f, "rb").read() == body


ovh = peer_get("ovhmock")
ovh_rps = ovh["rps"] if ovh else None

side = []
for key, label in PEERS:
    g, fx, s = peer_get(key), peer_fixed(key), servers.get(key, {})
    if not g and not s:
        continue
    side.append({
        "server": key, "label": label,
        "rps": g and g["rps"], "errors": g and g["errors"],
        "p50_ms": g and g["latency_ms"]["p50"], "p99_ms": g and g["latency_ms"]["p99"],
        "fixed_p50_ms": fx and fx["latency_ms"]["p50"], "fixed_p99_ms": fx and fx["latency_ms"]["p99"],
        "fixed_rps": fx and fx["rps"],
        "server_cpu_us": g and g.get("server_cpu_us_per_request"),
        "ovhmock_over_peer": (ovh_rps / g["rps"]) if (ovh_rps and g and g["rps"]) else None,
        "ready_ms": s.get("ready_ms"), "idle_rss_mb": s.get("idle_rss_kb", 0) / 1024 or None,
        "peak_rss_mb": s.get("peak_rss_kb", 0) / 1024 or None, "same_body_bytes": same_body(key),
    })
by = {r["server"]: r for r in side}


def ratio_to(peer):
    r = by.get(peer)
    return r and r["ovhmock_over_peer"]


targets = []
for row in micro.get("ratios", []):
    targets.append({"target": f"verify ≤ 1.3× raw SHA-1 ({row['body_bytes']} B body)", "goal": 1.3,
                    "measured": row["verify_over_sha1"], "better": "lower"})
for peer, goal in (("wiremock", 6), ("prism", 12), ("nginx", 0.5)):
    if ratio_to(peer):
        targets.append({"target": f"signed GET ≥ {goal}× {peer} req/s", "goal": goal, "measured": ratio_to(peer),
                        "better": "higher"})
o = servers.get("ovhmock", {})
if "ready_ms" in o:
    targets.append({"target": "ready ≤ 20 ms (start to first 200)", "goal": 20, "measured": o["ready_ms"],
                    "better": "lower"})
if "idle_rss_kb" in o:
    targets.append({"target": "idle RSS < 15 MB", "goal": 15, "measured": o["idle_rss_kb"] / 1024,
                    "better": "lower"})
for t in targets:
    t["met"] = t["measured"] <= t["goal"] if t["better"] == "lower" else t["measured"] >= t["goal"]

summary = {"run": os.path.basename(run), "machine": machine, "routes": routes, "micro": micro,
           "instructions": instructions,
           "side_by_side": side, "scenarios": scenarios, "servers": servers, "targets": targets,
           "command": "bench/run.sh"}
json.dump(summary, open(f"{run}/summary.json", "w"), indent=2)
os.makedirs(a.results, exist_ok=True)
shutil.copyfile(f"{run}/summary.json", f"{a.results}/latest.json")
if a.summary:
    # The committed copy names files relative to the checkout: no path of the machine it ran on.
    root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    os.makedirs(os.path.dirname(os.path.abspath(a.summary)), exist_ok=True)
    with open(f"{run}/summary.json", encoding="utf-8") as f:
        text = f.read().replace(root + "/", "")
    with open(a.summary, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------- Markdown
def f(v, fmt="{:,.0f}", none="–"):
    return none if v is None else fmt.format(v)


get_path = routes.get("get_path", "?")
lines = []
lines.append(f"Machine: {machine.get('nproc')} × {machine.get('cpu_model')}, "
             f"{machine.get('mem_total_kb', 0) // 1024 // 1024} GiB, load average at start "
             f"{', '.join(f'{x:.1f}' for x in machine.get('loadavg_at_start', []))}; "
             f"{machine.get('connections')} keep-alive connections, {machine.get('duration_s'):g} s per scenario "
             f"after {machine.get('warmup_s'):g} s warm-up ({machine.get('peer_warmup_s', 0):g} s before each "
             f"side-by-side max-rate run); server and load generator share the cores. "
             f"Run `{summary['run']}`.")
lines.append("")
lines.append(f"**Side by side**: signed `GET {get_path}` ({len(body)} B body, the same bytes from every server), "
             f"max rate, then fixed {machine.get('fixed_rate', 0):g} req/s:")
lines.append("")
lines.append("| server | req/s | ovhmock × | server CPU µs/req² | p50 / p99 ms (max rate) | p50 / p99 ms (fixed rate) | ready ms¹ | idle RSS MB | peak RSS MB | same body |")
lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|:-:|")
for r in side:
    lines.append(f"| {r['label']} | {f(r['rps'])} | {f(r['ovhmock_over_peer'], '{:.2f}')} | {f(r['server_cpu_us'], '{:.1f}')} | "
                 f"{f(r['p50_ms'], '{:.2f}')} / {f(r['p99_ms'], '{:.2f}')} | "
                 f"{f(r['fixed_p50_ms'], '{:.2f}')} / {f(r['fixed_p99_ms'], '{:.2f}')} | "
                 f"{f(r['ready_ms'], '{:.1f}')} | {f(r['idle_rss_mb'], '{:.1f}')} | {f(r['peak_rss_mb'], '{:.1f}')} | "
                 f"{'yes' if r['same_body_bytes'] else 'no'} |")
lines.append("")
samples = servers.get("ovhmock", {}).get("ready_ms_samples")
lines.append("¹ spawn to first 200 on the signed GET, polled every ms" +
             (f"; ovhmock: median of {len(samples)} cold starts ({', '.join(f'{x:.1f}' for x in samples)})"
              if samples else "") + ". ² CPU time (user + system, all threads and processes) the server "
             "spent during the max-rate window, per request: less sensitive than req/s to what else the machine runs.")
lines.append("")
ORDER = [f"ovhmock-{tag}-{kind}" for tag in ("http-journal", "http-nojournal", "http-journal-log", "https-journal",
                                              "https-nojournal")
         for kind in ("get", "record", "time", "get-fixed")]
ovh_rows = sorted(((k, v) for k, v in scenarios.items() if k.startswith("ovhmock-")),
                  key=lambda kv: (ORDER.index(kv[0]) if kv[0] in ORDER else len(ORDER), kv[0]))
if ovh_rows:
    has_nojournal = any("-nojournal-" in k for k, _ in ovh_rows)
    lines.append("**ovhmock scenarios** (" + ("`journal`: the journal on, as shipped; `nojournal`: `--journal-size 0`; "
                                              if has_nojournal else "") +
                 "`log`: the access log on (plain, to a file), every other run with `--log-format off`; "
                 "HTTPS with ovhmock's generated CA, verified by the client):")
    lines.append("")
    lines.append("| scenario | request | req/s | server CPU µs/req | p50 ms | p90 ms | p99 ms | max ms | errors |")
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for k, v in ovh_rows:
        path = "/" + v["url"].split("//", 1)[-1].split("/", 1)[-1]
        scheme = v["url"].split(":", 1)[0].upper()
        req = ("signed " if v["signed"] else "") + f"`{v['method']} {path}` {scheme}"
        mode = f" @{v['target_rate']:g}/s" if v["mode"] == "fixed-rate" else ""
        lat = v["latency_ms"]
        lines.append(f"| {k[len('ovhmock-'):]}{mode} | {req} | {f(v['rps'])} | "
                     f"{f(v.get('server_cpu_us_per_request'), '{:.1f}')} | {lat['p50']:.2f} | {lat['p90']:.2f} | "
                     f"{lat['p99']:.2f} | {lat['max']:.2f} | {v['errors']} |")
    lines.append("")
if micro.get("ratios"):
    lines.append("**Microbenchmarks** (CPU ns per operation, median of 3; verify = `Pipeline::authenticate`):")
    lines.append("")
    lines.append("| body B | pre-image B | raw SHA-1³ | sign | verify | sign / SHA-1 | verify / SHA-1 | SHA-1 low-level / one-shot⁴ |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in micro["ratios"]:
        lines.append(f"| {r['body_bytes']} | {r['preimage_bytes']} | {r['sha1_ns']:,.0f} | {r['sign_ns']:,.0f} | "
                     f"{r['verify_ns']:,.0f} | {r['sign_over_sha1']:.2f} | {r['verify_over_sha1']:.2f} | "
                     f"{f(r.get('sha1_low_level_ns'))} / {f(r.get('sha1_one_shot_ns'))} |")
    lines.append("")
    lines.append("³ OpenSSL EVP SHA-1 over the same pre-image bytes, algorithm fetched once, context reused "
                 "(what `compute_signature` does). ⁴ For reference: deprecated `SHA1_*` calls; one-shot "
                 "`EVP_Digest(EVP_sha1())`.")
    extra = [f"whole pipeline, signed GET /1.0/auth/currentCredential: {micro['PipelineSignedGet_ns']:,.0f} ns"] if "PipelineSignedGet_ns" in micro else []
    if "PipelineAuthTime_ns" in micro:
        extra.append(f"unauthenticated /auth/time: {micro['PipelineAuthTime_ns']:,.0f} ns")
    if "PipelineSignedMeJournal/journal:1000_ns" in micro and "PipelineSignedMeJournal/journal:0_ns" in micro:
        extra.append(f"signed GET /1.0/me with the server's observers: {micro['PipelineSignedMeJournal/journal:1000_ns']:,.0f} ns "
                     f"with the journal, {micro['PipelineSignedMeJournal/journal:0_ns']:,.0f} ns without")
    if "PipelineUnknownRoute_ns" in micro:
        extra.append(f"unknown path (every route tried, 404): {micro['PipelineUnknownRoute_ns']:,.0f} ns")
    if extra:
        lines.append("")
        lines.append("In process, no socket: " + "; ".join(extra) + ".")
    lines.append("")
INSTRUCTION_CASES = [
    ("sha1-0", "raw SHA-1, pre-image of a bodiless GET", "Sha1/0"),
    ("sha1-100", "raw SHA-1, pre-image with a 100 B body", "Sha1/100"),
    ("verify-0", "verify, 0 B body", "Verify/0"),
    ("verify-100", "verify, 100 B body", "Verify/100"),
    ("me-journal", "`Pipeline::handle` signed GET /1.0/me, journal on", "PipelineSignedMeJournal/journal:1000_ns"),
    ("me-nojournal", "same, journal off", "PipelineSignedMeJournal/journal:0_ns"),
    ("auth-time", "GET /1.0/auth/time", "PipelineAuthTime_ns"),
    ("unknown-route", "unknown route (404)", "PipelineUnknownRoute_ns"),
]
per = instructions.get("instructions_per_iteration", {})
if per:
    by_size = {f"Verify/{r['body_bytes']}": r["verify_ns"] for r in micro.get("ratios", [])}
    by_size.update({f"Sha1/{r['body_bytes']}": r["sha1_ns"] for r in micro.get("ratios", [])})
    lines.append("**Instructions per request** (`bench/instructions.sh`: callgrind, "
                 f"{instructions.get('iterations', 0):,} iterations minus none; they do not move with the "
                 "machine's load), beside the CPU time of the same case:")
    lines.append("")
    lines.append("| case | instructions | CPU ns |")
    lines.append("|---|---:|---:|")
    for key, label, ns_key in INSTRUCTION_CASES:
        if key not in per:
            continue
        ns = by_size.get(ns_key, micro.get(ns_key))
        lines.append(f"| {label} | {per[key]:,} | {f(ns)} |")
    lines.append("")
if os.path.exists(f"{run}/clients.md"):
    lines.append("**Client libraries** (`conformance/bench-clients.sh`, same run):")
    lines.append("")
    lines.append(open(f"{run}/clients.md").read().strip())
    lines.append("")
if targets:
    lines.append("**Targets** (reported, not asserted):")
    lines.append("")
    lines.append("| target | measured | |")
    lines.append("|---|---:|:-:|")
    for t in targets:
        lines.append(f"| {t['target']} | {t['measured']:.2f} | {'met' if t['met'] else 'missed'} |")
    lines.append("")
table = "\n".join(lines)
open(f"{run}/report.md", "w").write(table + "\n")
shutil.copyfile(f"{run}/report.md", f"{a.results}/latest.md")


# ---------------------------------------------------------------- SVG chart
def chart():
    bars = [(r["label"], r["rps"]) for r in side if r["rps"]]
    bars += [(f"ovhmock {k[len('ovhmock-'):]}", v["rps"]) for k, v in ovh_rows
             if v["mode"] == "max-rate" and k != "ovhmock-http-journal-get"]
    if not bars:
        return None
    w, left, bar_h, gap, top = 760, 250, 22, 8, 40
    h = top + len(bars) * (bar_h + gap) + 30
    top_value = max(v for _, v in bars)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="10" y="22" font-size="14" font-weight="bold">requests/s on loopback, '
           f'{html.escape(str(machine.get("nproc")))} × {html.escape(str(machine.get("cpu_model")))} '
           f'({html.escape(summary["run"])})</text>']
    for i, (label, v) in enumerate(bars):
        y = top + i * (bar_h + gap)
        bw = max(1, (w - left - 90) * v / top_value)
        colour = "#2a6fdb" if label.startswith("ovhmock") else "#999999"
        out.append(f'<text x="{left - 8}" y="{y + bar_h * 0.7:.0f}" text-anchor="end">{html.escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{bw:.1f}" height="{bar_h}" fill="{colour}"/>')
        out.append(f'<text x="{left + bw + 6:.1f}" y="{y + bar_h * 0.7:.0f}">{v:,.0f}</text>')
    out.append(f'<text x="10" y="{h - 10}" fill="#555">signed GET {html.escape(get_path)}, same body bytes; '
               f'bench/run.sh</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


svg = chart()
if svg:
    open(f"{run}/chart.svg", "w").write(svg)
    shutil.copyfile(f"{run}/chart.svg", f"{a.results}/latest.svg")
    if a.svg:
        os.makedirs(os.path.dirname(os.path.abspath(a.svg)), exist_ok=True)
        open(a.svg, "w").write(svg)

# ---------------------------------------------------------------- README
if a.readme:
    text = open(a.readme).read()
    svg_rel = os.path.relpath(os.path.abspath(a.svg), os.path.dirname(os.path.abspath(a.readme))) if a.svg else None
    section = [BEGIN, "", table]
    if svg and svg_rel:
        section.append(f"![requests/s]({svg_rel})")
        section.append("")
    summary_note = ""
    if a.summary:
        rel = os.path.relpath(os.path.abspath(a.summary), os.path.dirname(os.path.abspath(a.readme)))
        summary_note = f" The figures above are those of [{rel}]({rel}) (run `{summary['run']}`)."
    section.append("Produced by `bench/run.sh` (installs nginx, WireMock and Prism, builds, runs everything on "
                   "loopback in a few minutes); method and caveats in [docs/benchmarks.md](docs/benchmarks.md)."
                   + summary_note)
    section.append("")
    section.append(END)
    block = "\n".join(section)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Benchmarks\n\n" + block + "\n"
    open(a.readme, "w").write(text)

print(table)
