"""The web console's figures (issue 11), measured in Debian's Chromium against a local stack of its own.

- `first_load_js_gzip_kb`: every JavaScript file the browser fetches to show a signed-in inbox, each
  gzip-compressed (level 9) as a CDN would serve it, added up. Bar: 250 KB.
- `inbox_render_ms`: from navigation start (`performance.now()` is 0 there) to the list named
  Conversations rendered (not busy, with its first items) on an inbox of 200 conversations, signed in;
  median of 5 page loads after one warm-up, so the browser's cache holds the assets as an agent's would.
- `lighthouse`: Lighthouse 12.2.3 (tests/bench/lighthouse, its own lock; 13 wants Node 22) with its desktop
  preset, in /usr/bin/chromium, on the sign-in page and, signed in (the profile Playwright signed in with,
  storage kept), on the inbox, the reports and the agents page. Bar: accessibility >= 95 on each.

`python -m tests.bench.console` measures only these and updates the `console` key of bench/results.json;
`make bench` measures them with the rest.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import BrowserContext, sync_playwright

from tests.bench.local_routing import LocalStackProcess
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.demo import seed, sign_in

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "console" / "dist"
LIGHTHOUSE_DIR = ROOT / "tests" / "bench" / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CONVERSATIONS = 200
RENDER_RUNS = 5
TARGET_FIRST_LOAD_KB = 250
TARGET_ACCESSIBILITY = 95
AUDITED = {"sign-in": None, "inbox": "/inbox/all", "reports": "/reports", "agents": "/agents"}
# navigation start -> the list is there and not busy; its item count tells what was rendered
LIST_RENDERED = """() => {
  const list = document.querySelector('ul[aria-label="Conversations"]');
  const items = list ? list.querySelectorAll('li').length : 0;
  if (!list || list.getAttribute('aria-busy') === 'true' || items === 0) return null;
  const answers = performance.getEntriesByType('resource').filter((e) => e.name.includes('/conversations?'));
  const answer = answers[0];
  return {ms: performance.now(), items, api_start: answer ? answer.startTime : null, api_end: answer ? answer.responseEnd : null};
}"""


def _build_console() -> None:
    subprocess.run(["make", "-s", "console"], cwd=ROOT, check=True)


def _install_lighthouse() -> None:
    if not LIGHTHOUSE_CLI.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LIGHTHOUSE_DIR, check=True)


def _gzip_kb(paths: set[str]) -> tuple[float, dict[str, float]]:
    sizes = {p: len(gzip.compress((DIST / p.lstrip("/")).read_bytes(), compresslevel=9)) / 1024 for p in sorted(paths)}
    return round(sum(sizes.values()), 1), {p: round(kb, 1) for p, kb in sizes.items()}


def _first_load_and_render(context: BrowserContext, url: str) -> dict:
    scripts: set[str] = set()
    page = context.new_page()
    page.on("response", lambda r: scripts.add(urlparse(r.url).path) if urlparse(r.url).path.endswith(".js") else None)
    samples, api, items = [], [], 0
    for run in range(1 + RENDER_RUNS):
        page.goto(f"{url}/inbox/all")
        rendered = page.wait_for_function(LIST_RENDERED, polling="raf", timeout=60_000).json_value()
        if run == 0:
            first_load = set(scripts)
            continue
        samples.append(rendered["ms"])
        if rendered["api_end"] is not None:
            api.append((rendered["api_start"], rendered["api_end"] - rendered["api_start"]))
        items = rendered["items"]
    page.close()
    total, files = _gzip_kb(first_load)
    return {"first_load_js_gzip_kb": total, "first_load_js_files_gzip_kb": files,
            "inbox_render_ms": round(statistics.median(samples)), "inbox_render_samples_ms": [round(s) for s in samples],
            "inbox_rendered_items": items, "inbox_conversations": CONVERSATIONS,
            # where the time goes: the list request starts after config, sign-in state and /me; then the API answers
            "inbox_list_request_start_ms": round(statistics.median(a[0] for a in api)) if api else None,
            "inbox_list_request_ms": round(statistics.median(a[1] for a in api)) if api else None}


def _lighthouse(url: str, profile: str | None) -> dict:
    flags = [*CHROMIUM_ARGS] + ([f"--user-data-dir={profile}"] if profile else [])
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            ["node", str(LIGHTHOUSE_CLI), url, "--output=json", f"--output-path={out.name}", "--quiet",
             "--only-categories=performance,accessibility", "--preset=desktop", "--disable-storage-reset",
             f"--chrome-flags={' '.join(flags)}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300, stdout=subprocess.DEVNULL)
        report = json.loads(Path(out.name).read_text())
    failed = [ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]
              if ref.get("weight", 0) > 0 and report["audits"][ref["id"]].get("score") == 0]
    return {"url": report["finalDisplayedUrl"],
            # a signed-in inbox has far more elements than the sign-in form: proof the stored session was used
            "dom_elements": report["audits"]["dom-size"].get("numericValue"),
            "performance": round(report["categories"]["performance"]["score"] * 100),
            # what the performance score is made of (the inbox's waits on the local stack's list answer)
            "metrics_ms": {name: round(report["audits"][audit]["numericValue"]) for name, audit in
                           [("first_contentful_paint", "first-contentful-paint"), ("largest_contentful_paint", "largest-contentful-paint"),
                            ("total_blocking_time", "total-blocking-time"), ("speed_index", "speed-index")]},
            "cumulative_layout_shift": round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3),
            "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
            "accessibility_failed_audits": failed}


def measure(inherited_to_drop: set[str]) -> dict:
    _build_console()
    _install_lighthouse()
    stack = LocalStackProcess(inherited_to_drop)
    try:
        demo = seed(stack.call, conversations=CONVERSATIONS)
        with tempfile.TemporaryDirectory() as profile, sync_playwright() as driver:
            # A persistent profile: Lighthouse opens the same one afterwards, still signed in.
            context = driver.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                                viewport={"width": 1280, "height": 800}, locale="en-US")
            page = context.new_page()
            sign_in(page, stack.url, demo)
            page.close()
            figures = _first_load_and_render(context, stack.url)
            context.close()
            figures["lighthouse"] = {name: _lighthouse(f"{stack.url}{path or '/'}", profile if path else None)
                                     for name, path in AUDITED.items()}
    finally:
        stack.stop()
    figures["method"] = " ".join((__doc__ or "").strip().split("\n\n")[1].split())
    return figures


def targets(figures: dict) -> list[dict]:
    found = [{"name": "console first load, gzip JavaScript (KB)", "limit": TARGET_FIRST_LOAD_KB,
              "measured": figures["first_load_js_gzip_kb"], "pass": figures["first_load_js_gzip_kb"] <= TARGET_FIRST_LOAD_KB}]
    found += [{"name": f"console Lighthouse accessibility, {page}", "limit": TARGET_ACCESSIBILITY, "measured": scores["accessibility"],
               "pass": scores["accessibility"] >= TARGET_ACCESSIBILITY} for page, scores in figures["lighthouse"].items()]
    return found


def print_table(figures: dict) -> None:
    print(f"\nconsole: first load {figures['first_load_js_gzip_kb']} KB gzip JavaScript; inbox of "
          f"{figures['inbox_conversations']} rendered in {figures['inbox_render_ms']} ms ({figures['inbox_rendered_items']} items shown; "
          f"the list request started at {figures['inbox_list_request_start_ms']} ms and took {figures['inbox_list_request_ms']} ms)")
    for page, scores in figures["lighthouse"].items():
        print(f"  Lighthouse {page:8} performance {scores['performance']:3}  accessibility {scores['accessibility']:3}  "
              f"({scores['dom_elements']} elements)"
              + (f"  failed: {', '.join(scores['accessibility_failed_audits'])}" if scores["accessibility_failed_audits"] else ""))


def main() -> int:
    figures = measure(set())
    out = ROOT / "bench" / "results.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    results["console"] = figures
    results["targets"] = [t for t in results.get("targets", []) if not t["name"].startswith("console ")] + targets(figures)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print_table(figures)
    print(f"wrote the console key of {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
