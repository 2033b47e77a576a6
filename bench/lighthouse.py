"""Lighthouse's performance score on mobile (simulated slow 4G and a 4x slower CPU, its defaults)
for one public page of each kind, served by gunicorn on 127.0.0.1 as bench/http.py starts it.

    .venv/bin/python -m bench.lighthouse

Prints each page's score (the target is 100) with the metrics behind it. Lighthouse scales the
main-thread time it observes, so on this shared two-core machine a busy spell lowers the score
(Total Blocking Time first): compare figures taken at the same load average, printed first. The
other categories are checked by tests/e2e/test_lighthouse.py.
"""

import os

import django

METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calculator.settings")
    django.setup()
    from tests.lighthouse import audited_paths, lighthouse

    from .http import HOST, WORKERS, gunicorn

    print(
        f"Lighthouse (mobile) and gunicorn ({WORKERS} sync workers, DEBUG off) on {HOST}, "
        f"{os.cpu_count()} cores shared; load average before: {os.getloadavg()[0]:.1f}\n"
    )
    paths = audited_paths()
    with gunicorn() as (port, _):
        base_url = f"http://{HOST}:{port}"
        report = lighthouse(["performance"], [base_url + path for path in paths.values()])
    print(f"{'page':<24} score  points lost on")
    for page_id, path in paths.items():
        audited = report[base_url + path]
        score = audited["scores"]["performance"]
        if score is None:
            print(f"{page_id:<24}     -  not scored: {audited['runtimeError']}")
            continue
        lost = ", ".join(f"{lost['id']} {lost['shown']}" for lost in audited["lost"] if lost["id"] in METRICS)
        print(f"{page_id:<24} {round(score * 100):>5}  {lost or '-'}")


if __name__ == "__main__":
    main()
