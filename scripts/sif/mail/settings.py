"""SMTP settings: from the environment, or a file outside the books.

The password never goes into the repository. Settings come from environment
variables, or from a TOML file named by `--config` or `SIF_SMTP_CONFIG`;
a variable that is set wins over the file::

    # ~/.config/sif/smtp.toml  (chmod 600)
    [smtp]
    host = "smtp.example.org"
    port = 587                  # default: 587 with STARTTLS, else 25
    starttls = true             # default: true
    user = "boekhouding@innovatiefabriek.example"
    password = "..."
    from = "Sociale InnovatieFabriek <boekhouding@innovatiefabriek.example>"
    cafile = "/etc/ssl/certs/own-ca.pem"   # optional: trust this CA for STARTTLS
    timeout = 30                # seconds

| variable | key |
| --- | --- |
| SIF_SMTP_HOST, SIF_SMTP_PORT | host, port |
| SIF_SMTP_USER, SIF_SMTP_PASSWORD | user, password |
| SIF_SMTP_STARTTLS (1/0, true/false) | starttls |
| SIF_SMTP_FROM | from |
| SIF_SMTP_CAFILE, SIF_SMTP_TIMEOUT | cafile, timeout |

A file inside the books is refused (it would end up in a commit), and so is
a file with a password that others than its owner can read.
"""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sif.errors import SifException
from sif.model.errors import did_you_mean

CONFIG_VARIABLE = "SIF_SMTP_CONFIG"
VARIABLES = {
    "host": "SIF_SMTP_HOST",
    "port": "SIF_SMTP_PORT",
    "user": "SIF_SMTP_USER",
    "password": "SIF_SMTP_PASSWORD",
    "starttls": "SIF_SMTP_STARTTLS",
    "from": "SIF_SMTP_FROM",
    "cafile": "SIF_SMTP_CAFILE",
    "timeout": "SIF_SMTP_TIMEOUT",
}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class SettingsError(SifException):
    """The SMTP settings are missing or wrong; the message says what to do."""


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the mail server.

    Attributes:
      host: The SMTP server.
      port: Its port.
      starttls: Whether to switch to TLS (STARTTLS) before anything else.
      user: Login name, or None for no login.
      password: Password, or None.
      sender: The From address (default: the operator's e-mail address).
      cafile: A CA certificate file to trust for STARTTLS, or None for the system's.
      timeout: Seconds to wait for the server.
    """

    host: str
    port: int
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str | None = None
    cafile: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never show the password in a traceback or log
        return f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls}, user={self.user!r})"


def _flag(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{where}: {value!r} is not a yes/no value; write 1 or 0, true or false")


def _read_file(path: Path, root: Path) -> dict[str, object]:
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        raise SettingsError(f"{path}: no such SMTP settings file") from None
    if resolved.is_relative_to(root.resolve()):
        raise SettingsError(
            f"{path}: the SMTP settings file is inside the books, where it would be committed "
            "with its password; move it out (for example to ~/.config/sif/smtp.toml)"
        )
    try:
        loaded = tomllib.loads(resolved.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: not a readable TOML file: {error}") from None
    table = loaded.get("smtp")
    if not isinstance(table, dict):
        raise SettingsError(f'{path}: put the settings in an [smtp] table (host = "...", ...)')
    for key in table:
        if key not in VARIABLES:
            raise SettingsError(
                f'{path}: unknown key "{key}" in [smtp].' + did_you_mean(key, VARIABLES)
            )
    if "password" in table and resolved.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SettingsError(
            f"{path}: holds a password but others can read it; make it private: chmod 600 {path}"
        )
    return dict(table)


def load_settings(
    root: Path, environ: Mapping[str, str], config: Path | None = None
) -> SmtpSettings:
    """The SMTP settings from `config` (or SIF_SMTP_CONFIG) and the environment.

    Args:
      root: The books (a settings file inside them is refused).
      environ: The environment variables.
      config: A settings file, or None for SIF_SMTP_CONFIG if set.

    Raises:
      SettingsError: no host, a bad value, or a file that is unsafe.
    """
    path = config or (Path(environ[CONFIG_VARIABLE]) if environ.get(CONFIG_VARIABLE) else None)
    values: dict[str, object] = _read_file(path, root) if path is not None else {}
    for key, variable in VARIABLES.items():
        if environ.get(variable):
            values[key] = environ[variable]
    host = str(values.get("host") or "").strip()
    if not host:
        raise SettingsError(
            "no SMTP server: set SIF_SMTP_HOST (and SIF_SMTP_PORT, SIF_SMTP_USER, "
            "SIF_SMTP_PASSWORD, ...) or name a settings file with --config or SIF_SMTP_CONFIG"
        )
    starttls = _flag(values.get("starttls", True), "starttls (SIF_SMTP_STARTTLS)")
    try:
        port = int(str(values.get("port", 587 if starttls else 25)))
        timeout = float(str(values.get("timeout", 30)))
    except ValueError as error:
        raise SettingsError(f"SMTP port or timeout: {error}") from None
    if not 0 < port < 65536:
        raise SettingsError(f"SMTP port {port} is not a port number (1-65535)")
    user = str(values["user"]) if values.get("user") else None
    password = str(values["password"]) if values.get("password") else None
    if password and not starttls and host not in LOCAL_HOSTS:
        raise SettingsError(
            f"refusing to send the SMTP password to {host} without encryption: "
            "turn STARTTLS on (SIF_SMTP_STARTTLS=1)"
        )
    return SmtpSettings(
        host=host,
        port=port,
        starttls=starttls,
        user=user,
        password=password,
        sender=str(values["from"]) if values.get("from") else None,
        cafile=str(values["cafile"]) if values.get("cafile") else None,
        timeout=timeout,
    )
