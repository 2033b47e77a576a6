"""Real app servers for the tests and benchmarks that need them: gunicorn on 127.0.0.1, started in
the repository root so that it reads the shipped gunicorn.conf.py, as production does."""

import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def listening(port):
    try:
        socket.create_connection((HOST, port), timeout=1).close()
        return True
    except OSError:
        return False


def worker_pids(master_pid):
    """The worker processes: the gunicorn master's children."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@contextmanager
def gunicorn(environment, workers=2, start_seconds=60):
    """gunicorn serving the site with `environment` on a free port: yields the port and the worker pids."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "calculator.wsgi:application",
        *("--workers", str(workers), "--bind", f"{HOST}:{port}", "--log-level", "warning"),
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)
    try:
        deadline = time.monotonic() + start_seconds
        while not (len(worker_pids(server.pid)) == workers and listening(port)):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start {workers} workers listening within {start_seconds} s")
            time.sleep(0.1)
        yield port, worker_pids(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
