"""What the server spends on each tick a member of staff places in the model workbench.

    .venv/bin/python -m bench.workbench [--profile]

In process (Django's test client, a temporary in-memory SQLite database, no network): gronchi-2013
digitised as in tests/workbench_figure.py (its tilted simulated scan, both nomograms calibrated,
every tick clicked, then its golden cases), each step posted as the draft page's form posts it and
the draft page fetched again after it, as the browser does after the redirect. Prints the median
and the slowest of the tick cycles (post + page) over the whole figure and over its last ticks
(every check passing: the page then also draws the model over the figure and runs the golden
cases), best of a few rounds, as the machine is shared. `--profile` prints cProfile's view of the
last tick's cycle.
"""

import cProfile
import os
import pstats
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calculator.settings")
django.setup()

from django.conf import settings  # noqa: E402 (after django.setup())
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from calculator.workbench import services  # noqa: E402
from tests.workbench_drafts import BASE_TEXT, png  # noqa: E402
from tests.workbench_figure import gronchi_draft  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
LAST_TICKS = 10


def ticks_of(core):
    """The mark form's fields for every tick of the draft, in the order a person places them."""
    for number, nomogram in enumerate(core.nomograms, start=1):
        for kind, marks_by_axis in (("inputs", nomogram.inputs), ("probability_axes", nomogram.probability_axes)):
            for axis_id, marks in marks_by_axis.items():
                for mark in marks:
                    yield {
                        "mark-number": number,
                        "mark-axis": f"{kind}:{axis_id}",
                        "mark-label": mark.label,
                        "mark-x": mark.click.x,
                        "mark-y": mark.click.y,
                    }


def calibrations_of(core):
    for number, nomogram in enumerate(core.nomograms, start=1):
        for axis, calibration in (("points_axis", nomogram.points_axis), ("total_axis", nomogram.total_axis)):
            yield {
                "calibrate-number": number,
                "calibrate-axis": axis,
                "calibrate-start_x": calibration.start.x,
                "calibrate-start_y": calibration.start.y,
                "calibrate-start_value": calibration.start_value,
                "calibrate-end_x": calibration.end.x,
                "calibrate-end_y": calibration.end.y,
                "calibrate-end_value": calibration.end_value,
            }


def post_and_show(client, draft, step, data):
    """Seconds for the step's post and the draft page after it."""
    start = time.perf_counter()
    response = client.post(reverse("workbench:step", args=[draft.pk, step]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return time.perf_counter() - start


def digitise(client, user):
    """One whole digitisation; the seconds of each tick's cycle, in order."""
    core = gronchi_draft()
    draft = services.start_draft(base_text=BASE_TEXT, author=user)
    figure = png(800, 1900)
    services.attach_figure(draft=draft, name="figure.png", data=figure)
    for data in calibrations_of(core):
        post_and_show(client, draft, "calibrate", data)
    seconds = [post_and_show(client, draft, "mark", data) for data in ticks_of(core)]
    return draft, seconds


def main():
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    connection.creation.create_test_db(verbosity=0)
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    user = get_user_model().objects.create_user("digitiser", is_staff=True)
    client = Client()
    client.force_login(user)
    rounds = [digitise(client, user)[1] for _ in range(ROUNDS)]
    best = min(rounds, key=statistics.median)
    print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    print(f"{len(best)} ticks, best of {ROUNDS} rounds; ms per tick (post + draft page):")
    print(f"  every tick: median {statistics.median(best) * 1000:.0f}, slowest {max(best) * 1000:.0f}")
    last = best[-LAST_TICKS:]
    print(f"  last {LAST_TICKS} (checks pass): median {statistics.median(last) * 1000:.0f}, ", end="")
    print(f"slowest {max(last) * 1000:.0f}")
    if "--profile" in sys.argv:
        draft, _ = digitise(client, user)
        services.undo(draft=draft)
        *_, last_tick = ticks_of(gronchi_draft())
        profile = cProfile.Profile()
        profile.runcall(post_and_show, client, draft, "mark", last_tick)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
