"""The output format that carries a figure from a notebook cell to the website.

A figure's cell output holds two versions: HTML with the PNG inline, which every
notebook front end shows, and JSON under :data:`FIGURE_MIME`, which front ends
ignore and the book build publishes as an image file (see
:mod:`medmassage.figure_output`). This module defines and checks that JSON. It
imports nothing heavy, so the build can load it without matplotlib.
"""

from __future__ import annotations

import base64
import json
from typing import Any

FIGURE_MIME = "application/vnd.medmassage.figure+json"
FIGURE_KEYS = ("png", "alt", "caption", "width", "height")  # png is base64; width and height in pixels


class FigureOutputError(ValueError):
    """A figure output is missing a field or has one of the wrong type."""


def figure_json(png: bytes, alt: str, caption: str, width: int, height: int) -> dict[str, Any]:
    """The JSON a figure's cell output carries under :data:`FIGURE_MIME`."""
    return {
        "png": base64.b64encode(png).decode("ascii"),
        "alt": alt,
        "caption": caption,
        "width": width,
        "height": height,
    }


def parse_figure(content: Any) -> dict[str, Any]:
    """Read and check a figure output's JSON (a dict, or its text)."""
    spec = json.loads(content) if isinstance(content, str | bytes) else content
    if not isinstance(spec, dict):
        raise FigureOutputError(f"{FIGURE_MIME}: expected a JSON object, got {type(spec).__name__}")
    missing = [key for key in FIGURE_KEYS if key not in spec]
    if missing:
        raise FigureOutputError(f"{FIGURE_MIME}: missing field(s) {', '.join(missing)}")
    if not str(spec["alt"]).strip():
        raise FigureOutputError(f"{FIGURE_MIME}: field 'alt' must not be empty")
    for key in ("width", "height"):
        if not isinstance(spec[key], int) or spec[key] <= 0:
            raise FigureOutputError(f"{FIGURE_MIME}: field {key!r} must be a positive whole number of pixels")
    return spec
