"""Every command's output on the demo books, written down so two versions of sif compare.

Builds the demo books (`sif demo`) in a temporary folder, then runs the
read-only commands with each of their formats, the dry runs, the commands that
write into a scratch folder (statements, mail outbox, export, site, the
month-end demo, `sif init`), the writing commands on a copy of the books, and a
few user mistakes. For each command it writes, into OUT, one text file: the
arguments, the exit code, stdout, stderr and the SHA-256 of every file the
command created, changed or removed. The temporary folder's path is masked, and
so are the seconds `sif site build` reports.

    .venv/bin/python benchmarks/compare_outputs.py OUT
    diff -r BEFORE AFTER    # after a refactoring: no difference expected

Scale: the demo books (45 members, 18 months of trades, two months invoiced).
The caches are off (SIF_NO_CACHE, BEANCOUNT_DISABLE_LOAD_CACHE) so each
command computes what it prints. Dates are given explicitly where a command
takes one; `month-end-demo` issues with today's date, so compare runs of the
same day.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SIF = str(Path(sys.executable).with_name("sif"))


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `folder` (Beancount's cache left out)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.endswith(".picklecache"):
            continue
        # The lock file says who held the books and when: its presence is what counts.
        content = b"" if path.name == ".sif.lock" else path.read_bytes()
        if path.suffix == ".eml":
            # The moment it was written and the MIME boundaries are new in every run.
            content = re.sub(rb"(?m)^Date: .*$", b"Date: <date>", content)
            content = re.sub(rb"=+\d+==", b"<boundary>", content)
        found[str(path.relative_to(folder))] = hashlib.sha256(content).hexdigest()
    return found


def mask(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "<TMP>")
    return re.sub(r"\d+\.\d s to generate, \d+\.\d s for MkDocs", "<seconds>", text)


class Runner:
    """Runs `sif` commands in `tmp` and writes what each did into `out`."""

    def __init__(self, tmp: Path, out: Path) -> None:
        self.tmp = tmp
        self.out = out
        self.count = 0
        self.env = {
            **os.environ,
            "SIF_NO_CACHE": "1",
            "BEANCOUNT_DISABLE_LOAD_CACHE": "1",
            "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
            "COLUMNS": "120",
        }
        self.env.pop("GITHUB_STEP_SUMMARY", None)
        self.env.pop("SIF_SMTP_CONFIG", None)

    def run(self, name: str, *args: str, root: Path | None = None, stdin: str = "") -> None:
        before = snapshot(self.tmp)
        argv = [SIF, *(["--root", str(root)] if root is not None else []), *args]
        done = subprocess.run(
            argv,
            cwd=self.tmp,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        after = snapshot(self.tmp)
        changed = [
            f"{path} {after.get(path, 'removed')}"
            for path in sorted(set(before) | set(after))
            if before.get(path) != after.get(path) and not path.startswith("xdg-cache/")
        ]
        self.count += 1
        shown = " ".join(["sif", *argv[1:]])
        report = "\n".join(
            [
                f"$ {shown}",
                f"exit: {done.returncode}",
                "--- stdout",
                done.stdout,
                "--- stderr",
                done.stderr,
                "--- files",
                *changed,
                "",
            ]
        )
        target = self.out / f"{self.count:03d}-{name}.txt"
        target.write_text(mask(report, self.tmp), encoding="utf-8")


def read_only(run: Runner, books: Path) -> None:
    """The commands that only read the books (or write outside them)."""
    for fmt in ("table", "json", "csv"):
        run.run(
            f"balances-{fmt}", "balances", "--as-of", "2026-11-15", "--format", fmt, root=books
        )
        run.run(f"services-{fmt}", "services", "--on", "2026-11-15", "--format", fmt, root=books)
        run.run(f"invoice-list-{fmt}", "invoice", "list", "--format", fmt, root=books)
        run.run(f"feedback-report-{fmt}", "feedback", "report", "--format", fmt, root=books)
    run.run("check", "check", root=books)
    run.run("check-json", "check", "--json", root=books)
    run.run("check-all-documents", "check", "--all-documents", root=books)
    run.run("check-summary", "check", "--summary", str(run.tmp / "summary.md"), root=books)
    run.run("balances-old", "balances", "--as-of", "2025-12-31", root=books)
    run.run("services-fr", "services", "--on", "2025-06-01", "--lang", "fr", root=books)
    run.run("services-en-json", "services", "--lang", "en", "--format", "json", root=books)
    run.run("invoice-list-month", "invoice", "list", "--month", "2026-09", root=books)
    run.run("invoice-list-member", "invoice", "list", "--member", "tom-stevens", root=books)
    run.run("invoice-list-bad-month", "invoice", "list", "--month", "2026-13", root=books)
    run.run("match", "match", "--as-of", "2026-11-15", root=books)
    run.run("match-json", "match", "--as-of", "2026-11-15", "--format", "json", root=books)
    run.run("match-all", "match", "--as-of", "2026-11-15", "--limit", "0", root=books)
    run.run(
        "match-member", "match", "--as-of", "2026-11-15", "--member", "tom-stevens", root=books
    )
    run.run("match-unknown", "match", "--request", "no-such-request", root=books)
    run.run("feedback-by-quarter", "feedback", "report", "--by", "quarter", root=books)
    run.run("feedback-period", "feedback", "report", "--period", "2026Q2", root=books)
    run.run("feedback-comments", "feedback", "report", "--comments", root=books)
    run.run("feedback-bad-period", "feedback", "report", "--period", "2026Q5", root=books)
    run.run("feedback-unknown-coach", "feedback", "report", "--coach", "nobody", root=books)
    for fmt in ("table", "json", "intervat"):
        run.run(f"vat-quarter-{fmt}", "vat", "--quarter", "2026Q3", "--format", fmt, root=books)
        run.run(f"vat-listing-{fmt}", "vat", "--listing", "2026", "--format", fmt, root=books)
    run.run("vat-month", "vat", "--month", "2026-09", root=books)
    run.run("vat-month-json", "vat", "--month", "2026-08", "--format", "json", root=books)
    run.run("vat-none", "vat", root=books)
    run.run("vat-wrong-kind", "vat", "--quarter", "2026-09", root=books)
    run.run(
        "vat-out",
        *("vat", "--quarter", "2026Q3", "--format", "intervat"),
        *("--out", str(run.tmp / "vat.xml")),
        root=books,
    )
    for period in ("2026-09", "2026Q3", "2026"):
        run.run(
            f"export-{period}",
            *("export", "--period", period, "--out", str(run.tmp / "export")),
            root=books,
        )
    run.run("export-bad", "export", "--period", "20XX", root=books)
    run.run(
        "statements",
        *("statements", "--month", "2026-09", "--as-of", "2026-10-20"),
        *("--out", str(run.tmp / "statements")),
        root=books,
    )
    run.run(
        "statements-member",
        *("statements", "--month", "2026-08", "--as-of", "2026-09-20", "--member", "tom-stevens"),
        *("--out", str(run.tmp / "statements-one")),
        root=books,
    )
    run.run("statements-not-invoiced", "statements", "--month", "2026-10", root=books)
    run.run(
        "mail-outbox",
        *("mail", "--month", "2026-09", "--as-of", "2026-10-20"),
        *("--outbox", str(run.tmp / "outbox")),
        root=books,
    )
    run.run(
        "site-build-no-site",
        *("site", "build", "--today", "2026-10-01", "--out", str(run.tmp / "public")),
        root=books,
    )
    run.run("fmt-check", "fmt", "--check", root=books)
    run.run("fmt-diff", "fmt", "--check", "--diff", root=books)
    run.run(
        "invoice-run-dry",
        *("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-05", "--dry-run"),
        root=books,
    )
    run.run("settle-dry", "settle", "--as-of", "2026-11-15", "--dry-run", root=books)
    run.run(
        "forget-dry",
        "member",
        "forget",
        "tom-stevens",
        "--as-of",
        "2026-11-15",
        "--dry-run",
        root=books,
    )
    run.run("month-end-demo", "month-end-demo", "--scratch", str(run.tmp / "scratch"), root=books)
    run.run("no-books", "balances", root=run.tmp / "nowhere")
    run.run("no-books-check", "check", root=run.tmp / "nowhere")


def writing(run: Runner, books: Path) -> None:
    """The commands that change the books, on a copy, in the order staff would run them."""
    run.run(
        "record",
        *("record", "strengthening-session", "--date", "2026-10-12"),
        *("--provider", "tom-stevens", "--recipient", "jongerenwerking-kortrijk-vzw"),
        root=books,
    )
    run.run(
        "record-unknown-service",
        *("record", "no-such-service", "--date", "2026-10-12", "--provider", "tom-stevens"),
        root=books,
    )
    run.run(
        "record-locked-month",
        *("record", "strengthening-session", "--date", "2026-09-12"),
        *("--provider", "tom-stevens", "--recipient", "jongerenwerking-kortrijk-vzw"),
        root=books,
    )
    run.run(
        "member-add",
        *("member", "add", "--name", "Test Persoon", "--kind", "person"),
        *("--vat-status", "not-taxable", "--joined", "2026-10-01", "--email", "t@example.org"),
        root=books,
    )
    run.run(
        "member-add-again",
        *("member", "add", "--name", "Test Persoon", "--kind", "person"),
        *("--vat-status", "not-taxable", "--joined", "2026-10-01"),
        root=books,
    )
    run.run(
        "feedback-add",
        *("feedback", "add", "--date", "2026-10-12", "--coach", "tom-stevens"),
        *("--service", "strengthening-session"),
        *("--rating", "4", "--prepared", "yes", "--comment", "Concrete tips"),
        root=books,
    )
    run.run(
        "feedback-add-unknown",
        *("feedback", "add", "--date", "2026-10-13", "--coach", "tom-stevens"),
        *("--rating", "4", "--prepared", "yes"),
        root=books,
    )
    run.run(
        "invoice-run",
        *("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-05"),
        root=books,
    )
    run.run(
        "invoice-run-again",
        *("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-05"),
        root=books,
    )
    run.run("invoice-list-after", "invoice", "list", "--format", "csv", root=books)
    run.run(
        "invoice-credit",
        *("invoice", "credit", "F2026-00001", "--reason", "wrong address"),
        *("--issue-date", "2026-11-06", "--reissue"),
        root=books,
    )
    run.run(
        "invoice-credit-unknown",
        *("invoice", "credit", "X-404", "--reason", "none", "--issue-date", "2026-11-06"),
        root=books,
    )
    run.run("settle", "settle", "--as-of", "2026-11-15", root=books)
    run.run(
        "payment-record",
        *("payment", "record", "--document", "F2026-00002", "--amount", "10.00"),
        *("--date", "2026-11-16", "--note", "cash"),
        root=books,
    )
    run.run(
        "payment-record-unknown",
        *("payment", "record", "--document", "X-404", "--amount", "10", "--date", "2026-11-16"),
        root=books,
    )
    bank = run.tmp / "bank.csv"
    bank.write_text(
        "date,amount,currency,reference,name,iban,id\n"
        "2026-11-17,60.50,EUR,+++261/0000/00250+++,Someone,BE71096123456769,b-1\n",
        encoding="utf-8",
    )
    run.run("payment-import", "payment", "import", str(bank), root=books)
    run.run("payment-import-again", "payment", "import", str(bank), root=books)
    run.run("balances-after", "balances", "--as-of", "2026-11-20", "--format", "csv", root=books)
    run.run(
        "member-forget", "member", "forget", "test-persoon", "--as-of", "2026-11-20", root=books
    )
    run.run("fmt", "fmt", root=books)
    run.run("migrate", "migrate", root=books)
    run.run("check-after", "check", root=books)


def setup(run: Runner) -> None:
    """The commands that create books."""
    run.run("demo-again", "demo", str(run.tmp / "books"))
    run.run(
        "init",
        *("init", str(run.tmp / "new-books"), "--name", "Kennisnetwerk Gent", "--code", "KNG"),
        *("--value", "20", "--operator-id", "kennisnetwerk", "--vat-number", "BE0999000030"),
        *("--street", "Kerkstraat 1", "--postcode", "9000", "--city", "Gent"),
        *("--start", "2026-01-01", "--sif-requirement", "sif-books"),
        root=run.tmp,
    )
    run.run(
        "init-no-value",
        *("init", str(run.tmp / "bad-books"), "--name", "X", "--code", "X"),
        *("--operator-id", "x", "--street", "s", "--postcode", "1", "--city", "c"),
        root=run.tmp,
    )
    run.run("check-new-books", "check", root=run.tmp / "new-books")
    run.run("balances-new-books", "balances", root=run.tmp / "new-books")
    run.run(
        "site-build",
        *("site", "build", "--today", "2026-10-01", "--out", str(run.tmp / "public")),
        root=run.tmp / "new-books",
    )
    run.run("services-new-books", "services", "--on", "2026-02-01", root=run.tmp / "new-books")
    run.run("version", "--version")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="Folder for the outputs (emptied first).")
    options = parser.parse_args()
    out: Path = options.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="sif-compare-") as name:
        tmp = Path(name)
        run = Runner(tmp, out)
        run.run("demo", "demo", str(tmp / "books"))
        read_only(run, tmp / "books")
        shutil.copytree(tmp / "books", tmp / "written")
        writing(run, tmp / "written")
        setup(run)
    print(f"{run.count} commands written to {out}")


if __name__ == "__main__":
    main()
