"""A small window to drag files from, as a file manager would: the end-to-end tests press the mouse on it, move
to Haven's window and let go (with xdotool), so Haven receives a real drop from the window system. Run with
Debian's python3 (it needs PyGObject and GTK 3): drag_source.py PATH..."""

import sys
from pathlib import Path

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, Gtk  # noqa: E402

URIS = [Path(p).resolve().as_uri() for p in sys.argv[1:]]


def on_drag_data_get(_widget, _context, data, _info, _time):
    data.set_uris(URIS)


def main():
    window = Gtk.Window(title="haven-drag-source")
    window.set_default_size(160, 120)
    window.move(1100, 700)
    label = Gtk.EventBox()
    label.add(Gtk.Label(label=f"{len(URIS)} item(s)"))
    label.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
    label.drag_source_add_uri_targets()
    label.connect("drag-data-get", on_drag_data_get)
    window.add(label)
    window.connect("destroy", Gtk.main_quit)
    window.show_all()
    Gtk.main()


if __name__ == "__main__":
    main()
