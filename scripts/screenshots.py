"""Screenshots of the story page (docs/story-1280.png, docs/story-390.png) with Debian's Chromium.

    .venv/bin/python scripts/screenshots.py [--out docs]

Starts the real app on 127.0.0.1 with a fresh store, loads the example story the way a
newcomer does (the "Load the example story" button), and photographs its story page at
1280 and 390 px wide (the top of the page: header, navigation, summary) with a cited
source open (the side panel; the sheet on a phone), and the phone page without it.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    from crossread.server.app import create_app

    tmp = Path(tempfile.mkdtemp(prefix="crossread-shots-"))
    app = create_app(tmp / "stories.db")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/")
        page.click("button.example")
        page.wait_for_selector("a.joined")
        story = page.get_attribute("a.joined", "href")
        for width, height in ((1280, 1000), (390, 844)):
            ctx = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            pg = ctx.new_page()
            pg.goto(base + story)
            if width < 600:  # the page itself, then the source opened over it as a sheet
                pg.screenshot(path=str(out / f"story-{width}-page.png"))
                print(out / f"story-{width}-page.png")
            pg.click("#summary a.chip >> nth=1")
            pg.wait_for_selector("#reader:not([hidden]) .sent.hl")
            pg.wait_for_timeout(200)
            pg.screenshot(path=str(out / f"story-{width}.png"))
            print(out / f"story-{width}.png")
            ctx.close()
        browser.close()
    server.should_exit = True
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
