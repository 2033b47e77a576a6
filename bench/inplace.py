"""CPU of one new patient's result in place over a shown sheet, in the Django process.

    .venv/bin/python -m bench.inplace [--patients N] [--profile FILE]

What a gunicorn worker does for the model page's request on every change once it shows a result
(`HX-Request` and `Nomogram-Base`, as static/js/print.js sends them; the answer is the patch),
without the server and the load generator: `calculator.wsgi.application` called with a prepared
WSGI environ, as gunicorn calls it, every middleware included, the body read to its end. No test
client, whose own work would be counted. A temporary SQLite database; DEBUG off. Patients are
drawn at random, each new; after some to warm up, the CPU time per request of each third of them,
and the best third (the machine is shared). With --profile, cProfile's statistics of the measured
requests go to FILE instead (`python -m pstats FILE`).
"""

import argparse
import io
import os
import sys
import time

import numpy as np

from .http import drawn_base, measured_definition, migrated_environment, result_paths

WARM_UP = 100


def environ(path, query, headers):
    """What gunicorn hands the application for a GET from wrk."""
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1500, help="new patients measured (default 1500)")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile statistics to FILE instead")
    arguments = parser.parse_args()

    with migrated_environment() as environment:
        os.environ.update(environment)
        measure(arguments.patients, arguments.profile)


def measure(patients, profile_file):
    from calculator.wsgi import application

    definition = measured_definition()
    paths = result_paths(definition, WARM_UP + 1 + patients, np.random.default_rng(11))
    path = paths[0].split("?")[0]
    queries = [path_and_query.split("?")[1] for path_and_query in paths]

    def ask(query, headers):
        answer = application(environ(path, query, headers), lambda status, response_headers, exc_info=None: None)
        body = b"".join(answer)
        answer.close()
        return body.decode()

    drawn = drawn_base(ask(queries[0], {"HTTP_HX_REQUEST": "true"}))
    over_sheet = {"HTTP_HX_REQUEST": "true", "HTTP_NOMOGRAM_BASE": drawn}
    for query in queries[1 : WARM_UP + 1]:
        if 'data-in-page="true"' not in ask(query, over_sheet):
            raise RuntimeError("the answer is not the patch: the benchmark would measure something else")
    measured = queries[WARM_UP + 1 :]

    if profile_file:
        import cProfile

        with cProfile.Profile() as profile:
            for query in measured:
                ask(query, over_sheet)
        profile.dump_stats(profile_file)
        return
    per_request = []
    for third in (measured[start::3] for start in range(3)):
        start = time.process_time()
        for query in third:
            ask(query, over_sheet)
        per_request.append((time.process_time() - start) / len(third) * 1000)
    thirds = ", ".join(f"{ms:.2f}" for ms in per_request)
    print(
        f"{definition.id}, result in place over a sheet, a new patient each: {min(per_request):.2f} ms of CPU "
        f"a request (best third; thirds {thirds}; {len(measured)} patients; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
