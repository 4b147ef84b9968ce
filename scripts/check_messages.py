"""Every translatable string has a Finnish translation, and the compiled catalogue matches.

Runs makemessages on a scratch copy of the catalogue so the working tree is not touched.
Needs GNU gettext; on a machine without it, says so and passes.
"""

import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/fi/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
ENTRY = re.compile(r'^(#, fuzzy\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.M)


def entries(text: str) -> dict[str, tuple[str, bool]]:
    found = {}
    for fuzzy, msgid, msgstr in ENTRY.findall(text):
        found[msgid] = (msgstr, bool(fuzzy))
    found.pop('""\n', None)  # the header
    return found


def main() -> int:
    if not shutil.which("xgettext") or not shutil.which("msgfmt"):
        print("check_messages: GNU gettext not installed; translation check skipped.")
        return 0
    original = PO.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        backup = Path(scratch) / "django.po"
        shutil.copy2(PO, backup)
        try:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-l",
                    "fi",
                    "--ignore=.venv",
                    "--ignore=var",
                    "--ignore=benchmarks",
                    "--ignore=tests",
                    "-v0",
                ],
                cwd=ROOT,
                check=True,
            )
            fresh = PO.read_text(encoding="utf-8")
        finally:
            shutil.copy2(backup, PO)
        compiled = Path(scratch) / "django.mo"
        subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
        mo_current = filecmp.cmp(compiled, MO, shallow=False)
    problems = [
        f"not in the catalogue (run `make messages`): {m.strip()}"
        for m in entries(fresh).keys() - entries(original).keys()
    ]
    problems += [
        f"untranslated or fuzzy: {m.strip()}"
        for m, (s, fuzzy) in entries(original).items()
        if fuzzy or s.strip() == '""'
    ]
    if not mo_current:
        problems.append("django.mo is older than django.po (run `make messages`)")
    for problem in problems:
        print("check_messages:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
