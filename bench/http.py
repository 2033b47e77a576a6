"""Latency and throughput of the site served by gunicorn (2 workers) on 127.0.0.1.

    .venv/bin/python -m bench.http

Starts gunicorn with DEBUG off and a temporary SQLite database, then for each target (a result
page, the predict API, and a static file as the floor) sends a fixed number of requests from 1
and from 16 concurrent clients, each run also stopped after a fixed time. Prints the median and
99th percentile latency, requests per second, and each worker's peak memory. Loopback only.
"""

import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

from nomograms.registry import all_definitions

from .engine import sample_patients

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 2
REQUESTS = 2_000  # per run
MAX_SECONDS = 30  # per run, whatever the count reached
WARM_UP = 100
CLIENTS = (1, 16)


@dataclass(frozen=True)
class Target:
    name: str
    method: str
    path: str
    body: bytes = b""

    def request(self):
        head = [f"{self.method} {self.path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
        if self.body:
            head += ["Content-Type: application/json", f"Content-Length: {len(self.body)}"]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + self.body


def targets():
    """A typical patient of the first computable model: its result page and its API prediction."""
    definition = next(d for d in all_definitions() if d.computable)
    patient = {
        key: column[0].item() for key, column in sample_patients(definition, 1, np.random.default_rng(7)).items()
    }
    return [
        Target(f"result page ({definition.id})", "GET", f"/models/{definition.id}/result?{urlencode(patient)}"),
        Target(
            f"predict API ({definition.id})",
            "POST",
            f"/api/v1/models/{definition.id}/predict",
            json.dumps(patient).encode(),
        ),
        Target("static file (floor)", "GET", "/static/css/site.css"),
    ]


async def one_request(port, payload):
    """Seconds from connecting to the end of the response, and the status code."""
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(payload)
    await writer.drain()
    response = await reader.read()  # gunicorn's sync workers close after each response
    writer.close()
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else 0
    return time.perf_counter() - start, status


async def load(port, target, clients, count, max_seconds):
    """Send `count` requests from `clients` concurrent clients, stopping early at `max_seconds`."""
    payload, latencies, failures = target.request(), [], []
    remaining = count
    deadline = time.perf_counter() + max_seconds

    async def client():
        nonlocal remaining
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            seconds, status = await one_request(port, payload)
            (latencies if status == 200 else failures).append(seconds)

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, failures, time.perf_counter() - start


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


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


def start_gunicorn(port, environment):
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "calculator.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)
    for _ in range(150):
        if len(workers(server.pid)) == WORKERS and listening(port):
            return server
        time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start {WORKERS} workers listening within 15 s")


def listening(port):
    try:
        socket.create_connection((HOST, port), timeout=1).close()
        return True
    except OSError:
        return False


def workers(master_pid):
    """The worker processes: the gunicorn master's children."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


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


def milliseconds(latencies, percentile):
    return np.percentile(latencies, percentile) * 1000 if latencies else float("nan")


def main():
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-http-") as directory:
        server = start_gunicorn(port, server_environment(directory))
        try:
            print(
                f"gunicorn, {WORKERS} sync workers, DEBUG off, on {HOST}:{port}; {os.cpu_count()} cores in all, "
                f"shared with this load generator; load average before: {os.getloadavg()[0]:.1f}"
            )
            print(f"each run: {REQUESTS} requests or {MAX_SECONDS} s, whichever ends first; a new connection each")
            print("CPU ms/req: CPU time per request of the workers and of this load generator (client)")
            print(
                f"{'target':<30} {'clients':>7} {'done':>6} {'errors':>6} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} "
                f"{'worker CPU ms/req':>18} {'client CPU ms/req':>18}"
            )
            pids = workers(server.pid)
            for target in targets():
                asyncio.run(load(port, target, 4, WARM_UP, MAX_SECONDS))
                for clients in CLIENTS:
                    cpu_before, client_cpu_before = cpu_seconds(pids), time.process_time()
                    latencies, failures, seconds = asyncio.run(load(port, target, clients, REQUESTS, MAX_SECONDS))
                    done = len(latencies) + len(failures)
                    cpu_per_request = (cpu_seconds(pids) - cpu_before) / done * 1000
                    client_cpu_per_request = (time.process_time() - client_cpu_before) / done * 1000
                    print(
                        f"{target.name:<30} {clients:>7} {done:>6} {len(failures):>6} {done / seconds:>8.0f} "
                        f"{milliseconds(latencies, 50):>10.2f} {milliseconds(latencies, 99):>8.2f} "
                        f"{cpu_per_request:>18.2f} {client_cpu_per_request:>18.2f}"
                    )
            memory = ", ".join(f"{peak_memory_mib(pid):.0f} MiB" for pid in pids)
            print(f"peak memory (VmHWM) per worker: {memory}")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
