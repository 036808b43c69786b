"""`sif intake`: a GitHub issue form, as staff filled it in, turned into one sif command.

Staff who do not use Git register a session, a new member or feedback with an
issue form (`.github/ISSUE_TEMPLATE/*.yml`). GitHub writes the answers into the
issue's body as Markdown, one `### <label>` heading per field, `_No response_`
for an empty one. This module reads that body with the form itself (so the
labels have one source), checks every answer, and gives the arguments of the
sif command that does the work (`record`, `member add`, `feedback add`), which
checks the change against the whole books as it always does.

Every wrong answer is reported at once, by its label, with what to do, in the
community's language (`sif.i18n`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from sif.errors import SifException
from sif.i18n import _
from sif.model.yamlio import check_id

#: What a form's label (in its `labels:`) makes of it.
KINDS = {"sif-sessie": "session", "sif-lid": "member", "sif-feedback": "feedback"}
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)
_LIMIT = 20_000  # characters: a form body is short; more is not a form


class IntakeError(SifException):
    """The form cannot be read, or answers are wrong; `problems` lists each, in Dutch."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Form:
    """An issue form: its kind and its fields.

    Attributes:
      kind: "session", "member" or "feedback".
      fields: Label -> (field id, required, dropdown options or None).
    """

    kind: str
    fields: dict[str, tuple[str, bool, tuple[str, ...] | None]]


def load_form(path: Path) -> Form:
    """Read an issue form file (`.github/ISSUE_TEMPLATE/*.yml`)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise IntakeError(
            [_("{path}: the form cannot be read ({problem})").format(path=path, problem=exc)]
        ) from exc
    labels = data.get("labels", []) if isinstance(data, dict) else []
    kinds = [KINDS[label] for label in labels if label in KINDS]
    if len(kinds) != 1:
        raise IntakeError(
            [
                _("{path}: not a sif form (it has no label {labels})").format(
                    path=path, labels=", ".join(KINDS)
                )
            ]
        )
    fields: dict[str, tuple[str, bool, tuple[str, ...] | None]] = {}
    for item in data.get("body", []):
        if not isinstance(item, dict) or item.get("type") == "markdown":
            continue
        attributes = item.get("attributes", {})
        options = attributes.get("options")
        fields[str(attributes["label"]).strip()] = (
            str(item["id"]),
            bool(item.get("validations", {}).get("required", False)),
            tuple(str(o) for o in options) if options else None,
        )
    return Form(kinds[0], fields)


def read_answers(form: Form, body: str) -> dict[str, str]:
    """The answers of an issue body, by field id; empty answers are left out."""
    if len(body) > _LIMIT:
        raise IntakeError(
            [
                _("the text is longer than {limit} characters: this is not a form").format(
                    limit=_LIMIT
                )
            ]
        )
    problems: list[str] = []
    answers: dict[str, str] = {}
    parts = _HEADING.split(body.replace("\r\n", "\n"))
    for label, text in zip(parts[1::2], parts[2::2], strict=True):
        field = form.fields.get(label.strip())
        if field is None:
            problems.append(
                _('unknown question "{label}": use the form as it is').format(label=label.strip())
            )
            continue
        value = text.strip()
        if value and value != NO_RESPONSE:
            answers[field[0]] = value
    for label, (field_id, required, options) in form.fields.items():
        value = answers.get(field_id)
        if value is None:
            if required:
                problems.append(_('"{label}" is not filled in: fill it in').format(label=label))
            continue
        if options is not None and value not in options:
            problems.append(
                _('"{label}": "{value}" is not one of the form\'s choices ({choices})').format(
                    label=label, value=value, choices=", ".join(options)
                )
            )
    if problems:
        raise IntakeError(problems)
    return answers


def _ids(value: str, label: str, problems: list[str]) -> list[str]:
    ids = [part.strip() for part in re.split(r"[,;\s]+", value) if part.strip()]
    for member_id in ids:
        if (problem := check_id(member_id, "member")) is not None:
            problems.append(f'"{label}": {problem}')
    return ids


def _date(value: str, label: str, problems: list[str]) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        problems.append(
            _('"{label}": "{value}" is not a date; write YYYY-MM-DD, like 2026-11-12').format(
                label=label, value=value
            )
        )
        return value


def _label(form: Form, field_id: str) -> str:
    return next((label for label, field in form.fields.items() if field[0] == field_id), field_id)


def command_for(form: Form, answers: dict[str, str]) -> list[str]:
    """The arguments of the sif command the answers ask for."""
    problems: list[str] = []
    args: list[str]
    if form.kind == "session":
        args = ["record", answers["service"].strip()]
        if (problem := check_id(args[1], "service")) is not None:
            problems.append(f'"{_label(form, "service")}": {problem}')
        args += ["--date", _date(answers["date"], _label(form, "date"), problems)]
        for field_id, option in (("providers", "--provider"), ("recipients", "--recipient")):
            for member_id in _ids(answers.get(field_id, ""), _label(form, field_id), problems):
                args += [option, member_id]
        if "quantity" in answers:
            label = _label(form, "quantity")
            try:
                quantity = Decimal(answers["quantity"].replace(",", "."))
            except InvalidOperation:
                quantity = Decimal("NaN")
            if not quantity.is_finite() or not Decimal(0) < quantity <= Decimal(1000):
                problems.append(
                    _('"{label}": "{value}" is not a number from 0 to 1000').format(
                        label=label, value=answers["quantity"]
                    )
                )
            else:
                args += ["--quantity", f"{quantity:f}"]
        if "concept" in answers:
            args += ["--concept", answers["concept"]]
        if "note" in answers:
            args += ["--note", " ".join(answers["note"].split())]
    elif form.kind == "member":
        if answers["kind"] == "organisation" and "legal_form" not in answers:
            problems.append(
                _('"{label}" is needed for an organisation: fill it in').format(
                    label=_label(form, "legal_form")
                )
            )
        args = ["member", "add", "--name", " ".join(answers["name"].split())]
        args += ["--kind", answers["kind"], "--vat-status", answers["vat_status"]]
        for field_id in ("legal_form", "vat_number", "email", "street", "postcode", "city"):
            if field_id in answers:
                args += [f"--{field_id.replace('_', '-')}", " ".join(answers[field_id].split())]
        for language in re.split(r"[,;\s]+", answers.get("languages", "")):
            if language:
                args += ["--language", language]
        if "joined" in answers:
            args += ["--joined", _date(answers["joined"], _label(form, "joined"), problems)]
    else:
        args = [
            "feedback",
            "add",
            "--date",
            _date(answers["date"], _label(form, "date"), problems),
        ]
        for field_id, option in (("coach", "--coach"), ("respondent", "--from")):
            if field_id in answers:
                (member_id, *rest) = _ids(answers[field_id], _label(form, field_id), problems) or [
                    ""
                ]
                if rest:
                    problems.append(
                        _('"{label}": give one member id').format(label=_label(form, field_id))
                    )
                args += [option, member_id]
        args += ["--rating", answers["rating"]]
        args += ["--prepared", "yes" if answers["prepared"] == "ja" else "no"]
        if "comment" in answers:
            args += ["--comment", " ".join(answers["comment"].split())]
    if problems:
        raise IntakeError(problems)
    return args
