"""The real browser of the browser tests: Debian's chromium, driven by Playwright.

The `browser` fixture (tests/conftest.py) launches it with these settings.

Never a downloaded browser: `make system` (or .ci/system-deps.sh) installs
/usr/bin/chromium. The flags keep it from reaching any host but the test's own.
"""

from __future__ import annotations

from tests.conftest import REPO_ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"
