"""`make screenshots`: the console's main screens, as docs/screenshots/*.png, from a local stack with demo data.

Playwright drives Debian's Chromium (/usr/bin/chromium; never a downloaded browser) at 1280x800, and the inbox
once more at a phone's size. The stack runs in its own process on a free port and stops afterwards.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tests.bench.local_routing import LocalStackProcess
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.demo import seed, sign_in

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"


def shoot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"wrote {(OUT / f'{name}.png').relative_to(ROOT)}")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    stack = LocalStackProcess(set())
    try:
        demo = seed(stack.call, conversations=24)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
            page = context.new_page()
            page.goto(f"{stack.url}/")
            page.get_by_role("textbox", name="Email").fill(demo.email)
            shoot(page, "sign-in")
            sign_in(page, stack.url, demo)
            conversations = page.get_by_role("list", name="Conversations")
            expect(conversations.get_by_role("listitem").first).to_be_visible()
            shoot(page, "inbox")
            page.goto(f"{stack.url}/conversations/{demo.answered_ids[0]}?view=all")  # a bookmarkable URL
            expect(page.get_by_role("log", name="Messages")).to_contain_text("Thanks for writing")
            shoot(page, "conversation")
            for name, table in [("agents", "Team"), ("channels", "Connections"), ("reports", "Per agent")]:
                page.get_by_role("navigation", name="Sections").get_by_role("link", name=name.capitalize()).click()
                expect(page.get_by_role("table", name=table).get_by_role("row").nth(1)).to_be_attached()
                expect(page.get_by_role("main")).not_to_contain_text("…")  # every figure loaded
                shoot(page, name)
            phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US", device_scale_factor=2,
                                        storage_state=context.storage_state())
            phone_page = phone.new_page()
            phone_page.goto(f"{stack.url}/inbox/all")
            expect(phone_page.get_by_role("list", name="Conversations").get_by_role("listitem").first).to_be_visible()
            shoot(phone_page, "inbox-phone")
            browser.close()
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
