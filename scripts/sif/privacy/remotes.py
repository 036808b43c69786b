"""Is the books' repository known to be public? What can be told without the network.

The books must stay in a private repository. `sif check` warns when it can
tell, without asking any server, that they are (or are about to be) public:

- In GitHub Actions, the event that started the run (`$GITHUB_EVENT_PATH`) says
  whether the repository is private (`repository.private`). When it says
  false, the books are public now. (Every workflow also stops at once then.)
- A remote that staff marked public in the Git configuration::

      git config remote.site.visibility public

  Pushing the books there publishes them; `sif check` names it. Mark the
  private remote `private` to record that it was checked.
- A remote whose URL holds a password or token (`https://user:token@host/...`):
  not public, but a credential in `.git/config` that every `git remote -v`
  shows; use a credential helper or an SSH key instead.

What it cannot tell: whether a remote on github.com, gitlab.com or any other
host is public. The URL looks the same for private and public repositories,
visibility can change at any time, forks of a public repository are public,
and only the host knows. A remote on github.com is therefore not reported;
the workflows' guard and the host's settings are the real check (see
docs/operations/private-books.md).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

_CREDENTIAL_URL = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@:\s]+:[^/@\s]+@", re.IGNORECASE)


def remote_warnings(root: Path, environ: Mapping[str, str]) -> list[str]:
    """Warnings about a repository or remote known to be public, and credentials in URLs."""
    return _event_warnings(environ) + _config_warnings(root)


def _event_warnings(environ: Mapping[str, str]) -> list[str]:
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return []
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    repository = event.get("repository") if isinstance(event, dict) else None
    if not isinstance(repository, dict) or repository.get("private") is not False:
        return []
    name = repository.get("full_name") or environ.get("GITHUB_REPOSITORY") or "this repository"
    message = (
        f"the repository {name} is public: everyone can read the members' addresses, balances "
        "and feedback in it. Make it private now (Settings, General, Danger Zone) and read "
        "docs/operations/private-books.md"
    )
    return [message]


def git_remotes(root: Path) -> dict[str, dict[str, str]]:
    """The remotes of the Git repository holding `root`, with their settings (url, ...)."""
    try:
        result = subprocess.run(  # noqa: S603 (a fixed git command; the folder is an argument)
            ["git", "-C", str(root), "config", "--get-regexp", r"^remote\."],  # noqa: S607 (git from PATH)
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    remotes: dict[str, dict[str, str]] = {}
    for line in result.stdout.splitlines():
        key, _, value = line.partition(" ")
        name, _, setting = key.removeprefix("remote.").rpartition(".")
        if name:
            remotes.setdefault(name, {})[setting.lower()] = value
    return remotes


def _config_warnings(root: Path) -> list[str]:
    warnings = []
    for name, settings in sorted(git_remotes(root).items()):
        url = settings.get("url", "")
        if settings.get("visibility", "").lower() == "public":
            warnings.append(
                f'the Git remote "{name}" ({_safe(url)}) is marked public (remote.{name}.visibility):'
                " never push the books there; only the built site goes to a public repository"
            )
        for key in ("url", "pushurl"):
            if _CREDENTIAL_URL.match(settings.get(key, "")):
                warnings.append(
                    f'the Git remote "{name}" has a password or token in its {key} '
                    f"({_safe(settings[key])}): remove it (git remote set-url {name} ...) and use "
                    "a credential helper or an SSH key; revoke the token if it was shared"
                )
    return warnings


def _safe(url: str) -> str:
    """The URL without the credentials in it."""
    return re.sub(r"://[^/@\s]+@", "://***@", url)
