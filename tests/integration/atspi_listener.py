"""What a screen reader hears from camdraw, as JSON lines: run by the system python3 (pyatspi
is a Debian package, not a wheel) on the accessibility bus the test started.

    /usr/bin/python3 atspi_listener.py OUT_FILE

Writes {"ready": true} once it listens, then one object per event from camdraw: its type, the
source's role and name, detail1 (the caret's offset for text-caret-moved, an announcement's
politeness: 1 polite, 2 assertive; for showing, 1 shown) and the text (an announcement's or a
new description)."""

import json
import sys

import pyatspi

EVENTS = (
    "object:announcement",
    "object:text-caret-moved",
    "object:property-change:accessible-description",
    "object:state-changed:focused",
    "object:state-changed:showing",
)


def main() -> None:
    out = open(sys.argv[1], "a", buffering=1, encoding="utf-8")  # noqa: SIM115 (lives with us)

    def on(event) -> None:  # type: ignore[no-untyped-def]
        try:
            source = event.source
            if "camdraw" not in (source.getApplication().name or "").lower():
                return
            data = event.any_data
            line = {
                "type": event.type,
                "role": source.getRoleName(),
                "name": source.name,
                "detail1": event.detail1,
                "text": data if isinstance(data, str) else "",
            }
        except Exception as error:  # a node gone meanwhile: say so, keep listening
            line = {"type": "error", "text": str(error)}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")

    for name in EVENTS:
        pyatspi.Registry.registerEventListener(on, name)
    out.write(json.dumps({"ready": True}) + "\n")
    pyatspi.Registry.start()


if __name__ == "__main__":
    main()
