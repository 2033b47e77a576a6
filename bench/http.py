"""Latency and throughput of the site served by gunicorn (2 workers) on 127.0.0.1.

    .venv/bin/python -m bench.http

Starts gunicorn with DEBUG off and a temporary SQLite database, and loads it with wrk (Debian's
package, which `make bench` installs, driven by bench/load.lua): for each target, a fixed number
of requests from 1 and from 16 concurrent clients, each run also stopped after a fixed time, and
repeated: the run with the middle requests per second is shown, as the machine is shared.
gunicorn's sync workers close every connection, so each request opens a new one. wrk is written
in C, so it takes little of the two cores it shares with the server. Prints the median and 99th
percentile latency (wrk times each request from sending it to the end of the response), requests
per second, CPU time per request, and each worker's peak memory. Loopback only.

The result page is measured twice: for a new patient every request (scored, drawn, rendered and
put in the result page cache), and opened again (served from that cache, as when a result is
printed or shown again). So is the result in place, as the model page asks for it with htmx on
every change (the same URL with an HX-Request header: the result sheet alone), once as for a page
showing no result yet (the sheet with its whole drawing) and once as for a page already showing one
(the Nomogram-Base header names the sheet's unmarked drawing: only the patient's parts are sent).
"""

import json
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from nomograms.registry import all_definitions
from tests import app_servers

from .engine import sample_patients

ROOT = Path(__file__).resolve().parent.parent
LOAD_SCRIPT = Path(__file__).resolve().parent / "load.lua"
HOST = app_servers.HOST
WORKERS = 2
REQUESTS = 2_000  # per run
MAX_SECONDS = 30  # per run, whatever the count reached
WARM_UP = 100
CLIENTS = (1, 16)
REPEATS = 3  # runs of each; the one with the middle requests/s is shown (the machine is shared)
# wrk stops once the count is reached, with up to one request in flight per client: room for those.
PATHS_PER_RUN = REQUESTS + max(CLIENTS)


@dataclass(frozen=True)
class Target:
    name: str
    paths: tuple  # requested in turn
    shows: str  # in every good response: a check that the run measures what it says
    json_body: bytes = b""
    new_paths_each_run: bool = False  # never a path an earlier run requested
    headers: tuple = ()  # (name, value) pairs sent with every request


def result_paths(definition, count, rng):
    columns = sample_patients(definition, count, rng)
    patients = ({key: column[index].item() for key, column in columns.items()} for index in range(count))
    return tuple(dict.fromkeys(f"/models/{definition.id}/result?{urlencode(patient)}" for patient in patients))


def static_path(name):
    """The URL path of a collected static file, under its content-hashed name."""
    manifest = json.loads((ROOT / "var" / "static" / "staticfiles.json").read_text())
    return f"/static/{manifest['paths'][name]}"


def nomogram_base(port, path):
    """The key of the unmarked nomogram a model page holds once it shows the result at `path`."""
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"HX-Request": "true"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return drawn_base(response.read().decode())


def drawn_base(html):
    """The key of the unmarked nomogram drawn in a sheet (what the page sends as Nomogram-Base)."""
    return re.search(r'data-nomogram-base="([^"]+)"', html)[1]


def targets(definition, port):
    """Result pages and API predictions of a computable model, and a static file."""
    rng = np.random.default_rng(7)
    typical = result_paths(definition, 1, rng)
    new_patients = result_paths(definition, WARM_UP + len(CLIENTS) * REPEATS * PATHS_PER_RUN, rng)
    new_patients_in_place = result_paths(definition, WARM_UP + len(CLIENTS) * REPEATS * PATHS_PER_RUN, rng)
    new_patients_over_drawing = result_paths(definition, WARM_UP + len(CLIENTS) * REPEATS * PATHS_PER_RUN, rng)
    patient = {key: column[0].item() for key, column in sample_patients(definition, 1, rng).items()}
    drawn = nomogram_base(port, typical[0])
    return (
        Target(
            f"result in place, a new patient each ({definition.id})",
            new_patients_in_place,
            'id="results-heading"',
            new_paths_each_run=True,
            headers=(("HX-Request", "true"),),
        ),
        Target(
            f"result in place over a sheet, a new patient each ({definition.id})",
            new_patients_over_drawing,
            'data-in-page="true"',
            new_paths_each_run=True,
            headers=(("HX-Request", "true"), ("Nomogram-Base", drawn)),
        ),
        Target(
            f"result page, a new patient each ({definition.id})",
            new_patients,
            'id="results-heading"',
            new_paths_each_run=True,
        ),
        Target(f"result page, opened again ({definition.id})", typical, 'id="results-heading"'),
        Target(
            f"predict API ({definition.id})",
            (f"/api/v1/models/{definition.id}/predict",),
            '"outcomes"',
            json.dumps(patient).encode(),
        ),
        Target("static file (floor)", (static_path("css/site.css"),), "{"),
    )


def server_environment(directory):
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{directory}/db.sqlite3",
        "API_RATE_LIMIT": "0",  # the per-address limit would refuse a load test from one address
    }


@contextmanager
def migrated_environment():
    """The site's environment as benchmarked, on a fresh SQLite database with its tables made."""
    with tempfile.TemporaryDirectory(prefix="bench-http-") as directory:
        environment = server_environment(directory)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
        )
        yield environment


@contextmanager
def gunicorn():
    """A gunicorn serving the site on a free port, on a fresh SQLite database: yields the port and the worker pids."""
    with migrated_environment() as environment, app_servers.gunicorn(environment, WORKERS) as (port, pids):
        yield port, pids


def measured_definition():
    """The model the benchmarks measure: the first computable one."""
    return next(d for d in all_definitions() if d.computable)


def peak_memory_mib(pid):
    """The process's peak resident set size (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def cpu_seconds(pids):
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        # Fields after the command name, which is in parentheses and may hold spaces.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Run:
    done: int
    errors: int
    seconds: float
    median_ms: float
    p99_ms: float
    client_cpu_seconds: float


def check(port, target):
    """Refuse to measure a target that does not answer what it should (an error page is fast too)."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}{target.paths[0]}", data=target.json_body or None, headers=dict(target.headers)
    )
    if target.json_body:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        if target.shows not in response.read().decode():
            raise RuntimeError(f"{target.name}: the response does not show {target.shows!r}")


def wrk(port, target, paths, clients, count):
    """One wrk run: `count` requests (or MAX_SECONDS) from `clients` concurrent clients, `paths` in turn."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as directory:
        paths_file = Path(directory) / "paths"
        paths_file.write_text("\n".join(paths) + "\n")
        script_arguments = [str(paths_file), str(count), *(f"header={name}:{value}" for name, value in target.headers)]
        if target.json_body:
            body_file = Path(directory) / "body.json"
            body_file.write_bytes(target.json_body)
            script_arguments.append(f"body={body_file}")
        command = ["wrk", "-t", "1", "-c", str(clients), "-d", f"{MAX_SECONDS}s", "-s", str(LOAD_SCRIPT)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = subprocess.run(
            [*command, f"http://{HOST}:{port}", "--", *script_arguments], capture_output=True, text=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if report.returncode != 0:
        raise RuntimeError(f"wrk failed: {report.stderr.strip()}")
    # load.lua's done() ends the report with "name value" lines.
    figures = dict(line.split() for line in report.stdout.splitlines() if len(line.split()) == 2)
    return Run(
        done=int(figures["requests"]),
        errors=int(figures["errors"]),
        seconds=float(figures["seconds"]),
        median_ms=float(figures["median_ms"]),
        p99_ms=float(figures["p99_ms"]),
        client_cpu_seconds=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )


def measure(port, pids, target):
    check(port, target)
    paths = iter(target.paths)

    def take(count):
        return [next(paths) for _ in range(count)] if target.new_paths_each_run else target.paths

    def measured_run(clients):
        cpu_before = cpu_seconds(pids)
        run = wrk(port, target, take(PATHS_PER_RUN), clients, REQUESTS)
        return run, (cpu_seconds(pids) - cpu_before) / run.done * 1000

    wrk(port, target, take(WARM_UP), 4, WARM_UP)
    worker_cpu = {}
    for clients in CLIENTS:
        runs = sorted((measured_run(clients) for _ in range(REPEATS)), key=lambda run: run[0].done / run[0].seconds)
        run, worker_cpu_ms = runs[len(runs) // 2]
        print(
            f"{target.name:<64} {clients:>7} {run.done:>6} {run.errors:>6} {run.done / run.seconds:>8.0f} "
            f"{run.median_ms:>10.2f} {run.p99_ms:>8.2f} {worker_cpu_ms:>18.2f} "
            f"{run.client_cpu_seconds / run.done * 1000:>18.2f}"
        )
        worker_cpu[clients] = worker_cpu_ms
    return worker_cpu


def main():
    definition = measured_definition()
    print(
        f"gunicorn, {WORKERS} sync workers, DEBUG off, on {HOST}; {os.cpu_count()} cores in all, shared with the "
        f"load generator (wrk); load average before: {os.getloadavg()[0]:.1f}"
    )
    print(
        f"each run: {REQUESTS} requests or {MAX_SECONDS} s, whichever ends first; a new connection each; "
        f"{REPEATS} runs of each, the one with the middle requests/s shown"
    )
    print("CPU ms/req: CPU time per request of the workers and of the load generator (client)")
    print(
        f"{'target':<64} {'clients':>7} {'done':>6} {'errors':>6} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} "
        f"{'worker CPU ms/req':>18} {'client CPU ms/req':>18}"
    )
    with gunicorn() as (port, pids):
        worker_cpu = {target.name: measure(port, pids, target) for target in targets(definition, port)}
        floor = worker_cpu["static file (floor)"]
        for name, cpu in worker_cpu.items():
            if "new patient" in name:
                ratios = ", ".join(f"{cpu[clients] / floor[clients]:.1f}x at {clients}" for clients in CLIENTS)
                print(f"worker CPU per request, {name} / static file: {ratios}")
        memory = ", ".join(f"{peak_memory_mib(pid):.0f} MiB" for pid in pids)
        print(f"peak memory (VmHWM) per worker: {memory}")


if __name__ == "__main__":
    main()
