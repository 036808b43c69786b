"""Untrusted text in workflows: every workflow of the books, and of `sif init`, is read for
the patterns that let outside text run code or reach the books, and for the guard that
stops a run on a public repository.

The rules (each has a workflow that breaks it below):

- no `pull_request_target` or `workflow_run` trigger that checks out the contributed code
  (the pull request's head), which would run it with the repository's secrets;
- no text from issues, comments, reviews, discussions, pull request titles, bodies or
  branch names, or commit messages inside `run:` scripts or github-script `script:`
  (pass it through `env:` and use "$VAR", which the shell does not execute);
- `permissions` at the top or on every job, and never `write-all`;
- a workflow that acts on issues, comments or discussions accepts them only from
  members of the organisation (`author_association`);
- every job starts with the guard that fails when `github.event.repository.private`
  is false, and no checkout runs after a failed guard (`always()`, `!cancelled()`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT

WORKFLOWS = sorted(
    [
        *(REPO_ROOT / ".github" / "workflows").glob("*.y*ml"),
        *(REPO_ROOT / "scripts" / "sif" / "scaffold" / "files" / "dot-github" / "workflows").glob(
            "*.y*ml"
        ),
    ]
)

#: Event text anyone can write (an issue, a comment, a branch name, a commit message).
UNTRUSTED = re.compile(
    r"github\.event\.(?:issue|comment|review|review_comment|discussion|discussion_comment)\b"
    r"|github\.event\.pull_request\.(?:title|body|head\.ref|head\.label|head\.repo\.default_branch)"
    r"|github\.event\.(?:commits|head_commit)\b.*\.(?:message|author|name|email)"
    r"|github\.event\.head_commit\.(?:message|author)"
    r"|github\.event\.pages\b.*\.page_name"
    r"|github\.event\.workflow_run\.(?:head_branch|head_commit|display_title)"
    r"|github\.head_ref\b"
)
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
CONTEXT_PATH = re.compile(r"github(?:\.[\w*-]+|\[[^\]]*\])+")
#: Parts of those events that nobody can word: numbers, ids, the author's role.
SAFE_END = re.compile(r"\.(?:number|id|node_id|author_association|created_at|updated_at)$")
HEAD_REF = re.compile(r"pull_request\.head\.(?:ref|sha)|github\.head_ref|refs/pull/|head_branch")
ISSUE_EVENTS = ("issues", "issue_comment", "discussion", "discussion_comment")
CONTINUES = re.compile(r"always\(\)|cancelled\(\)|failure\(\)")
GUARD_NAME = "Stop if this repository is public"


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def problems(text: str) -> list[str]:
    """Every rule a workflow's text breaks, in words."""
    workflow = yaml.safe_load(text)
    found: list[str] = []
    on = triggers(workflow)
    jobs: dict[str, Any] = workflow.get("jobs") or {}
    top = workflow.get("permissions")
    if top == "write-all" or any(job.get("permissions") == "write-all" for job in jobs.values()):
        found.append("permissions: write-all gives every job every right; name what it needs")
    for name, job in jobs.items():
        if top is None and job.get("permissions") is None:
            found.append(f"job {name}: no permissions, at the top or on the job")
        steps = job.get("steps") or []
        first = steps[0] if steps else {}
        script = str((first.get("with") or {}).get("script", ""))
        if not (
            first.get("name") == GUARD_NAME
            and "repository.private === false" in script
            and "core.setFailed" in script
        ):
            found.append(
                f"job {name}: the first step is not the guard against a public repository"
            )
        for step in steps:
            uses = str(step.get("uses", ""))
            where = f"job {name}, step {step.get('name') or uses or step.get('run', '')[:30]!r}"
            if uses.startswith("actions/checkout@"):
                if CONTINUES.search(str(step.get("if", ""))):
                    found.append(f"{where}: a checkout that runs after a failed guard")
                ref = str((step.get("with") or {}).get("ref", ""))
                if HEAD_REF.search(ref) and {"pull_request_target", "workflow_run"} & set(on):
                    found.append(
                        f"{where}: checks out contributed code in a privileged workflow "
                        "(pull_request_target/workflow_run)"
                    )
            code = [str(step.get("run", ""))]
            if uses.startswith("actions/github-script@"):
                code.append(str((step.get("with") or {}).get("script", "")))
            for expression in EXPRESSION.findall("\n".join(code)):
                if any(
                    UNTRUSTED.search(path) and not SAFE_END.search(path)
                    for path in CONTEXT_PATH.findall(expression)
                ):
                    found.append(
                        f"{where}: untrusted text ${{{{ {expression.strip()} }}}} inside a script; "
                        'pass it through env: and use "$VAR"'
                    )
    if set(ISSUE_EVENTS) & set(on):
        conditions = " ".join(str(job.get("if", "")) for job in jobs.values())
        if "author_association" not in conditions:
            found.append(
                "acts on issues or comments from anyone: accept them only from members "
                '(if: contains(fromJSON(\'["OWNER", "MEMBER"]\'), '
                "github.event.issue.author_association))"
            )
    return found


def test_there_are_workflows_to_read() -> None:
    names = {str(path.relative_to(REPO_ROOT)) for path in WORKFLOWS}
    assert ".github/workflows/books.yml" in names
    assert "scripts/sif/scaffold/files/dot-github/workflows/site.yml" in names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_workflow_treats_outside_text_as_untrusted(path: Path) -> None:
    assert problems(path.read_text(encoding="utf-8")) == []


GUARD = """\
      - name: Stop if this repository is public
        uses: actions/github-script@v7
        with:
          script: |
            const repository =
              context.payload.repository ?? (await github.rest.repos.get(context.repo)).data;
            if (repository.private === false) {
              core.setFailed(`${repository.full_name} is public.`);
            }
"""


def workflow(on: str, steps: str, head: str = "permissions:\n  contents: read\n") -> str:
    return (
        f"on:\n{on}\n{head}jobs:\n  one:\n    runs-on: ubuntu-latest\n    steps:\n{GUARD}{steps}"
    )


CHECKOUT = "      - uses: actions/checkout@v4\n"
BAD = {
    "pull_request_target with the head": (
        workflow(
            "  pull_request_target:",
            CHECKOUT + "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n",
        ),
        "checks out contributed code",
    ),
    "issue title in run": (
        workflow("  issues:", '      - run: echo "${{ github.event.issue.title }}"\n'),
        "untrusted text ${{ github.event.issue.title }}",
    ),
    "comment body in run": (
        workflow("  issue_comment:", "      - run: ./handle ${{ github.event.comment.body }}\n"),
        "untrusted text",
    ),
    "pull request title in run": (
        workflow(
            "  pull_request:", '      - run: echo "${{ github.event.pull_request.title }}"\n'
        ),
        "untrusted text",
    ),
    "branch name in run": (
        workflow("  pull_request:", "      - run: git log ${{ github.head_ref }}\n"),
        "untrusted text",
    ),
    "issue body in github-script": (
        workflow(
            "  pull_request:",
            "      - uses: actions/github-script@v7\n        with:\n"
            "          script: console.log('${{ github.event.issue.body }}')\n",
        ),
        "untrusted text",
    ),
    "no permissions": (
        workflow("  pull_request:", "      - run: make test\n", head=""),
        "job one: no permissions",
    ),
    "write-all": (
        workflow("  pull_request:", "      - run: make test\n", head="permissions: write-all\n"),
        "write-all",
    ),
    "no guard": (
        "on: push\npermissions: {}\njobs:\n  one:\n    runs-on: ubuntu-latest\n    steps:\n"
        + CHECKOUT,
        "the first step is not the guard",
    ),
    "checkout after a failed guard": (
        workflow(
            "  push:", "      - if: ${{ !cancelled() }}\n        uses: actions/checkout@v4\n"
        ),
        "a checkout that runs after a failed guard",
    ),
    "issues from anyone": (
        workflow("  issues:", "      - run: make intake\n"),
        "accept them only from members",
    ),
}


@pytest.mark.parametrize(("text", "says"), BAD.values(), ids=BAD.keys())
def test_each_rule_catches_the_pattern_it_names(text: str, says: str) -> None:
    found = problems(text)
    assert any(says in problem for problem in found), found


def test_safe_forms_of_the_same_things_pass() -> None:
    text = workflow(
        "  issues:\n  pull_request:",
        "      - env:\n          TITLE: ${{ github.event.issue.title }}\n"
        '        run: echo "$TITLE"\n'
        "      - run: echo ${{ github.event.issue.number }} ${{ github.event.pull_request.number }}\n",
    ).replace(
        "    runs-on: ubuntu-latest\n",
        "    runs-on: ubuntu-latest\n    if: github.event.issue.author_association == 'MEMBER'\n",
    )
    assert problems(text) == []


def guard_script(path: Path) -> str:
    first = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    return str(next(iter(first.values()))["steps"][0]["with"]["script"])


RUNNER = """
const [script, payload, apiPrivate] = JSON.parse(require("fs").readFileSync(0, "utf8"));
let failed = null, asked = false;
const github = {rest: {repos: {get: async (repo) => {
  asked = true; return {data: {full_name: repo.owner + "/" + repo.repo, private: apiPrivate}};
}}}};
const context = {payload, repo: {owner: "fabriek", repo: "boeken"}};
const core = {setFailed: (message) => { failed = message; }};
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction("github", "context", "core", script)(github, context, core).then(
  () => console.log(JSON.stringify({failed, asked})));
"""


@pytest.mark.parametrize(
    ("payload", "api_private", "fails", "asks"),
    [
        ({"repository": {"full_name": "fabriek/boeken", "private": False}}, None, True, False),
        ({"repository": {"full_name": "fabriek/boeken", "private": True}}, None, False, False),
        ({"schedule": "17 4 * * *"}, False, True, True),  # no repository in the event
        ({"schedule": "17 4 * * *"}, True, False, True),
    ],
    ids=["public", "private", "scheduled, public", "scheduled, private"],
)
def test_the_guard_fails_on_a_public_repository_with_a_clear_message(
    payload: dict[str, Any], api_private: bool | None, fails: bool, asks: bool
) -> None:
    """The guard's script, run by node as actions/github-script runs it."""
    node = shutil.which("node")
    assert node, "node runs the guard's script as GitHub does; install nodejs"
    for path in WORKFLOWS:
        script = guard_script(path)
        result = subprocess.run(
            [node, "-e", RUNNER],
            input=json.dumps([script, payload, api_private]),
            capture_output=True,
            text=True,
            check=True,
        )
        outcome = json.loads(result.stdout)
        assert outcome["asked"] == asks, path
        if fails:
            assert outcome["failed"].startswith("fabriek/boeken is public"), path
            assert "Make the repository private" in outcome["failed"]
            assert "docs/operations/private-books.md" in outcome["failed"]
        else:
            assert outcome["failed"] is None, path


SITE_WORKFLOWS = [path for path in WORKFLOWS if path.name == "site.yml"]


@pytest.mark.parametrize("path", SITE_WORKFLOWS, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_the_site_goes_out_by_pages_or_to_a_public_repository_never_the_books(path: Path) -> None:
    """SITE_REPOSITORY picks the route; the job with the deploy key never sees the books."""
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    assert jobs["deploy"]["if"] == "${{ vars.SITE_REPOSITORY == '' }}"
    assert jobs["publish"]["if"] == "${{ vars.SITE_REPOSITORY != '' }}"
    publish = jobs["publish"]["steps"]
    assert not [s for s in publish if str(s.get("uses", "")).startswith("actions/checkout@")]
    (download,) = [s for s in publish if str(s.get("uses", "")).startswith("actions/download-")]
    assert download["with"] == {"name": "site", "path": "public"}
    (push,) = [
        s for s in publish if str(s.get("uses", "")).startswith("peaceiris/actions-gh-pages@")
    ]
    assert push["with"]["publish_dir"] == "./public"
    assert push["with"]["external_repository"] == "${{ vars.SITE_REPOSITORY }}"
    assert push["with"]["force_orphan"] is True
    # The deploy key is given to that step only, and GITHUB_TOKEN may only read elsewhere.
    text = path.read_text(encoding="utf-8")
    assert text.count("secrets.SITE_DEPLOY_KEY") == 1
    assert push["with"]["deploy_key"] == "${{ secrets.SITE_DEPLOY_KEY }}"
    uploads = [s for s in jobs["build"]["steps"] if "upload" in str(s.get("uses", ""))]
    assert [s["with"]["path"] for s in uploads] == ["public", "public"]
