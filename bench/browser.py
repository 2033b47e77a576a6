"""What a clinician waits for in the browser: Chromium (Debian's, driven by Playwright) against the
site served by gunicorn on 127.0.0.1, as bench/http.py starts it.

    .venv/bin/python -m bench.browser

- First visit to a model page, nothing cached: every response's bytes as transferred (compressed,
  headers included), from Chromium's own network log.
- One value changed on the model page -> the new result visible beside the form: from the change
  event to the first frame after htmx has put the new sheet in (any typing debounce is not
  counted: the benchmark sends the change event itself). Every change is a patient not seen
  before, so the server validates, scores, draws and renders it.
- A full navigation to a result page, for comparison, in the same run: from the start of the
  navigation to the first paint of the result page (its stylesheets already cached, as they are
  after the first visit), again a new patient each time.

Medians and 90th percentiles of TRIALS each, taken in turns so that a slow spell of the shared
machine falls on both.

    .venv/bin/python -m bench.browser --phases

also says where a change's time goes: the median time from the change event to each step (the
request sent, the answer's first and last byte, htmx's events around the swap, the next frame).

    .venv/bin/python -m bench.browser --trace FILE

instead records Chromium's performance trace of TRACED changes in place to FILE (DevTools'
Performance panel opens it) and prints the median time per change the page's main thread spent in
each of TRACE_EVENTS: the answer's load task (XHRLoad), which holds htmx's swap (FunctionCall
htmx), which holds the parsing; other scripts' tasks by file; style, with the most elements restyled
at once; layout, with the most objects laid out; paint; commit. From each change to a moment after
its frame, so print.js's address, when idle, is in. Tracing slows the page: compare its figures with
each other, not with the timings above.
"""

import argparse
import json
import os
import statistics
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
from playwright.sync_api import sync_playwright

from tests.e2e.chromium import CHROMIUM, CHROMIUM_ARGS

from .engine import sample_patients
from .http import HOST, WORKERS, gunicorn, measured_definition

TRIALS = 40
WARM_UP = 5

# In the page: change one field, then wait for htmx to swap the new sheet in and for the next frame.
# Returns the milliseconds, and with phases, the time from the change to each of PHASES.
CHANGE_AND_WAIT = """async ([name, value, phases]) => {
  const field = document.querySelector(`input[name="${name}"]`);
  const swapped = new Promise((resolve) => document.body.addEventListener("htmx:afterSwap", resolve, {once: true}));
  const at = {};
  for (const event of phases ? ["htmx:beforeSend", "htmx:beforeSwap", "htmx:afterSwap", "htmx:afterSettle"] : []) {
    document.body.addEventListener(event, () => { at[event] = performance.now() - start; }, {once: true});
  }
  const start = performance.now();
  field.value = value;
  field.dispatchEvent(new Event("change", {bubbles: true}));
  await swapped;
  await new Promise((resolve) => requestAnimationFrame(() => {
    at["requestAnimationFrame"] = performance.now() - start;
    setTimeout(resolve, 0);
  }));
  const total = performance.now() - start;
  if (phases) {
    const answer = performance.getEntriesByType("resource").findLast((e) => e.initiatorType === "xmlhttprequest");
    at["answer: first byte"] = answer.responseStart - start;
    at["answer: last byte"] = answer.responseEnd - start;
  }
  return [total, at];
}"""

# What --phases prints, in the order they happen.
PHASES = [
    ("htmx:beforeSend", "request sent"),
    ("answer: first byte", "answer: first byte"),
    ("answer: last byte", "answer: last byte"),
    ("htmx:beforeSwap", "htmx:beforeSwap"),
    ("htmx:afterSwap", "htmx:afterSwap (new sheet in the page)"),
    ("htmx:afterSettle", "htmx:afterSettle"),
    ("requestAnimationFrame", "next frame starts (requestAnimationFrame)"),
]

# In the page: every value of the form set at once, with one change event (one request).
FILL = """(values) => {
  for (const [name, value] of Object.entries(values)) {
    const fields = document.querySelectorAll(`input[name="${name}"]`);
    fields.forEach((field) => {
      if (field.type === "radio") field.checked = field.value === value;
      else field.value = value;
    });
  }
  document.querySelector("form").dispatchEvent(new Event("change", {bubbles: true}));
}"""

TRACED = 10
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute"]
# What --trace sums, per change, of the page's main thread: the outermost event of each of these names.
TRACE_EVENTS = [
    "XHRLoad",
    "ParseHTML",
    "FunctionCall",
    "UpdateLayoutTree",
    "Layout",
    "PrePaint",
    "Paint",
    "Layerize",
    "Commit",
]

FIRST_PAINT = """() => new Promise((resolve) => {
  const paint = () => performance.getEntriesByName("first-contentful-paint")[0];
  if (paint()) return resolve(paint().startTime);
  new PerformanceObserver(() => paint() && resolve(paint().startTime)).observe({type: "paint", buffered: true});
})"""


def patients(definition, count, rng):
    columns = sample_patients(definition, count, rng)
    return [{key: str(column[index].item()) for key, column in columns.items()} for index in range(count)]


def first_visit(browser, url):
    """(total bytes transferred, [(bytes, encoding, url)]) for one visit with an empty cache."""
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes, encodings, urls = {}, {}, {}
    session.on("Network.responseReceived", lambda event: note_response(event, encodings, urls))
    session.on("Network.loadingFinished", lambda event: note_size(event, sizes))
    page.goto(url, wait_until="networkidle")
    context.close()
    rows = sorted(((size, encodings.get(key, ""), urls.get(key, "")) for key, size in sizes.items()), reverse=True)
    return sum(size for size, _, _ in rows), rows


def note_size(event, sizes):
    sizes[event["requestId"]] = event["encodedDataLength"]


def note_response(event, encodings, urls):
    headers = {name.lower(): value for name, value in event["response"]["headers"].items()}
    encodings[event["requestId"]] = headers.get("content-encoding", "none")
    urls[event["requestId"]] = event["response"]["url"]


def changed_number(definition):
    """The input a change in place sets: the model's first number."""
    return next(model_input for model_input in definition.inputs if model_input.is_number)


def show_first_result(page, values):
    """Fill the model page's form with values and wait for its first result in place."""
    page.evaluate(FILL, values)
    page.locator("#live-result-sheet .result-value").first.wait_for()


def in_place_and_navigation(browser, base_url, definition, rng, phases=False):
    """Milliseconds for each trial: (one value changed -> result in place, full navigation), and with
    phases, for each trial in place the time from the change to each of PHASES."""
    changed_input = changed_number(definition)
    model_url = f"{base_url}/models/{definition.id}/"
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(model_url)
    in_place, navigation, steps = [], [], []
    drawn = patients(definition, 3 * (TRIALS + WARM_UP), rng)
    # Three new patients a trial: one to start from, one changed value, one result page opened.
    for trial, (start, changed, other) in enumerate(zip(drawn[0::3], drawn[1::3], drawn[2::3], strict=True)):
        page.goto(model_url)
        show_first_result(page, start)
        in_place_ms, at = page.evaluate(CHANGE_AND_WAIT, [changed_input.id, changed[changed_input.id], phases])
        page.goto(f"{base_url}/models/{definition.id}/result?{urlencode(other)}")
        navigation_ms = page.evaluate(FIRST_PAINT)
        if trial >= WARM_UP:
            in_place.append(in_place_ms)
            navigation.append(navigation_ms)
            steps.append(at)
    context.close()
    return in_place, navigation, steps


def traced_changes(browser, base_url, definition, rng, path):
    """Chromium's trace of TRACED changes in place (after three not traced), written to path; prints
    the median time per change the page's main thread spent in each of TRACE_EVENTS."""
    changed_input = changed_number(definition)
    page = browser.new_page()
    page.goto(f"{base_url}/models/{definition.id}/")
    drawn = patients(definition, TRACED + 4, rng)
    show_first_result(page, drawn[0])
    for trial, values in enumerate(drawn[1:]):
        if trial == 3:
            browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
        page.evaluate("() => console.timeStamp('change')")
        page.evaluate(CHANGE_AND_WAIT, [changed_input.id, values[changed_input.id], False])
        page.evaluate("() => console.timeStamp('done')")
    trace = browser.stop_tracing()
    page.close()
    Path(path).write_bytes(trace)
    print_trace_summary(json.loads(trace)["traceEvents"])


def print_trace_summary(events):
    marks = [event for event in events if event["name"] == "TimeStamp"]
    thread = (marks[0]["pid"], marks[0]["tid"])
    starts, ends = ([m["ts"] for m in marks if m["args"]["data"]["message"] == name] for name in ("change", "done"))
    changes = list(zip(starts, ends, strict=True))
    per_change = [defaultdict(float) for _ in changes]
    counts = [defaultdict(list) for _ in changes]
    open_until = {}
    ours = (e for e in events if (e["pid"], e["tid"]) == thread and e["ph"] == "X" and e["name"] in TRACE_EVENTS)
    for event in sorted(ours, key=lambda e: (e["ts"], -e["dur"])):
        if open_until.get(event["name"], 0) > event["ts"]:
            continue  # inside an event of the same name (a Paint holds a Paint)
        open_until[event["name"]] = event["ts"] + event["dur"]
        change = next((i for i, (start, end) in enumerate(changes) if start <= event["ts"] <= end), None)
        if change is None:
            continue
        data = event["args"].get("data") or event["args"].get("beginData") or {}
        name = event["name"]
        if name == "FunctionCall":
            name += " " + data.get("url", "").rsplit("/", 1)[-1]
        per_change[change][name] += event["dur"] / 1000
        size = event["args"].get("elementCount") or data.get("dirtyObjects")
        if size:
            counts[change][name].append(size)
    print(f"\nthe page's main thread, median ms per change ({len(changes)} changes traced):")
    for name in sorted({n for c in per_change for n in c}, key=lambda n: -statistics.median(c[n] for c in per_change)):
        sizes = statistics.median(max(c[name], default=0) for c in counts)
        note = f"  (largest: {sizes:.0f} {'elements' if name == 'UpdateLayoutTree' else 'objects'})" if sizes else ""
        print(f"  {statistics.median(c[name] for c in per_change):6.2f}  {name}{note}")


def summary(timings):
    return f"median {statistics.median(timings):6.1f} ms, p90 {np.percentile(timings, 90):6.1f} ms"


def print_phases(steps, in_place):
    print("  where it went (median ms from the change event):")
    for key, label in PHASES:
        print(f"    {statistics.median(step[key] for step in steps):6.1f}  {label}")
    print(f"    {statistics.median(in_place):6.1f}  that frame done (the figure above)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phases", action="store_true", help="also print where a change's time goes")
    parser.add_argument("--trace", metavar="FILE", help="only trace changes in place to FILE and sum the trace")
    arguments = parser.parse_args()
    phases = arguments.phases
    definition = measured_definition()
    rng = np.random.default_rng(11)
    print(
        f"Chromium (Debian, headless) and gunicorn ({WORKERS} sync workers, DEBUG off) on {HOST}, "
        f"{os.cpu_count()} cores shared; load average before: {os.getloadavg()[0]:.1f}"
    )
    with gunicorn() as (port, _), sync_playwright() as playwright:
        base_url = f"http://{HOST}:{port}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if arguments.trace:
            traced_changes(browser, base_url, definition, rng, arguments.trace)
            return
        total, rows = first_visit(browser, f"{base_url}/models/{definition.id}/")
        print(f"\nFirst visit to /models/{definition.id}/ with an empty cache: {total:,} bytes transferred")
        for size, encoding, url in rows:
            print(f"  {size:>9,}  {encoding:<5} {url.removeprefix(base_url)}")
        in_place, navigation, steps = in_place_and_navigation(browser, base_url, definition, rng, phases)
        browser.close()
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    ratio = statistics.median(in_place) / statistics.median(navigation)
    print(f"\n{definition.id}, {TRIALS} new patients each (after {WARM_UP} not counted):")
    print(f"  one value changed -> new result visible in place   {summary(in_place)}")
    print(f"  full navigation to a result page -> first paint    {summary(navigation)}")
    print(f"  in place / navigation (medians): {ratio:.2f}")
    if phases:
        print_phases(steps, in_place)


if __name__ == "__main__":
    main()
