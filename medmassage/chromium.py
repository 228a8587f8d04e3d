"""Debian's Chromium, as the course's tools launch it through Playwright (never ``playwright install``).

``make pdf`` prints the book with it, ``make bench`` measures pages with it and the browser tests drive
it. ``CHROMIUM_PATH`` points elsewhere, as for ``tools/ensure-chromium.sh``.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

#: Headless, and nothing that reaches the network on its own (updates, sync, first-run pages).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
