"""WCAG AA check of Haven's palettes: every text colour against every surface it is drawn on, in the light,
dark and sepia schemes, read straight from ui/styles.css. Runs without the app."""

import re
import sys
from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "ui" / "styles.css").read_text()
PAIRS = [("text", "bg"), ("text", "surface"), ("text", "surface-2"), ("muted", "bg"), ("muted", "surface"),
         ("muted", "surface-2"), ("link", "bg"), ("link", "surface"), ("accent-text", "accent"), ("help-text", "help"),
         ("mark-text", "mark"), ("text", "warn-bg"), ("text", "accent-soft"), ("text", "speaking"), ("accent", "surface"),
         ("hl-text", "hl-yellow"), ("hl-text", "hl-green"), ("hl-text", "hl-blue"), ("hl-text", "hl-pink"),
         ("hl-text", "hl-purple")]
AA = 4.5


def palette(selector):
    start = CSS.index(selector)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS[start:CSS.index("}", start)]))


def luminance(hex_colour):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def main():
    light = palette(":root {")
    schemes = {"light": light, "dark": {**light, **palette(':root[data-scheme="dark"]')},
               "sepia": {**light, **palette(':root[data-scheme="sepia"]')}}
    failures = [f"{name}: {fg} on {bg} is {contrast(colours[fg], colours[bg]):.2f}:1"
                for name, colours in schemes.items() for fg, bg in PAIRS
                if contrast(colours[fg], colours[bg]) < AA]
    checked = len(schemes) * len(PAIRS)
    for failure in failures:
        print(f"FAILED  {failure}")
    print(f"contrast: {checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
