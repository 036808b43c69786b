"""What `sif check` says about the public site: warnings, never errors.

An expertise tag without a label in `taxonomy.yaml` (the site would show the
raw tag) and an upcoming event without a registration link (visitors cannot
sign up) do not make the books wrong, but staff should fix them.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from sif.i18n import _
from sif.model.community import Community
from sif.model.events import Event, load_events
from sif.model.taxonomy import load_taxonomy, unlabelled
from sif.paths import EVENTS_DIR, TAXONOMY_FILE


def site_warnings(root: Path, community: Community, today: datetime.date) -> list[str]:
    """Warnings about what the site would show: unlabelled tags, events without sign-up.

    Tags are checked once the books have a taxonomy file (without one, every tag
    is shown with spaces for dashes). Problems in the taxonomy or event files
    themselves are reported as warnings too, so `sif check` names them.
    """
    warnings: list[str] = []
    taxonomy, errors = load_taxonomy(root)
    warnings += [_location(error, root) for error in errors]
    if (root / TAXONOMY_FILE).is_file():
        found = unlabelled(taxonomy, community.members.values(), community.requests.values())
        warnings += [_relative(text, root) for text in found]
    if (root / EVENTS_DIR).is_dir():
        events, errors = load_events(root / EVENTS_DIR)
        warnings += [_location(error, root) for error in errors]
        warnings += [_relative(text, root) for text in missing_registrations(events, today)]
    return warnings


def _relative(text: str, root: Path) -> str:
    """The message with the books' folder taken off its file name."""
    prefix = str(root.resolve()) + "/"
    return text.replace(prefix, "").replace(str(root) + "/", "")


def _location(error: object, root: Path) -> str:
    source = getattr(error, "source", {}) or {}
    message = getattr(error, "message", str(error))
    return _relative(f"{source.get('filename', '')}:{source.get('lineno', 0)}: {message}", root)


def missing_registrations(events: list[Event], today: datetime.date) -> list[str]:
    """A warning per upcoming event that has no registration link."""
    return [
        _(
            "{place}: the upcoming event has no registration link; add `registration: "
            "https://...` so visitors can sign up"
        ).format(place=f"{event.filename}:{event.line}")
        for event in events
        if event.upcoming(today) and not event.registration
    ]
