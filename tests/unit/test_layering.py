"""The layer contract of docs/architecture.md, read from every import in app/ (lazy ones inside functions too).

| package | may not import |
| app/domain | Qt, SQLAlchemy, openpyxl, ReportLab, any app package but app.domain and app.errors |
| app/store | Qt, app.services, app.gui, app.cli, app.printing, app.excel |
| app/services | Qt, app.gui, app.cli, app.printing, app.excel, app.documents, openpyxl, ReportLab |
| app/documents | Qt, app.gui, app.cli |
| app/printing, app/excel | Qt, app.services, app.documents, app.store, app.cli, app.gui |
| app/gui | app.store, except the Ledger/Actor types from app.store.uow; app.cli |
| app/cli | Qt, app.gui, except the gui launcher (app/cli/gui_cmd.py) |

KNOWN lists what breaks the table today outside the meetings half of the app, each with the developer
who removes it; the integrator deletes an entry when that branch lands. An entry that no longer matches
anything fails the test too, so the list can only shrink.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "app"

QT = ("PySide6", "shiboken6")
STORE_TYPES_FOR_GUI = {"Ledger", "Actor"}  # from app.store.uow: what a widget may name


@dataclass(frozen=True)
class Import:
    module: str  # dotted, resolved: `from app import paths` is app.paths
    names: tuple[str, ...]  # the names of a `from … import …`, empty for `import x`
    line: int


def _imports(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import: resolve against this file's package
                parts = package.split(".")
                parts = parts[:len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            names = tuple(a.name for a in node.names)
            if base == "app":  # `from app import paths, errors`: one import per module
                found += [Import(f"app.{n}", (), node.lineno) for n in names]
            else:
                found.append(Import(base, names, node.lineno))
    return found


def _under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _layer(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else ""


def broken_rule(path: Path, imp: Import) -> str | None:
    """Why this import breaks the table, or None."""
    layer, m = _layer(path), imp.module
    if layer == "domain":
        if _under(m, *QT, "sqlalchemy", "openpyxl", "reportlab"):
            return "domain imports no Qt, SQLAlchemy, openpyxl or ReportLab"
        if _under(m, "app") and not _under(m, "app.domain", "app.errors"):
            return "domain imports no other app package"
    if layer == "store" and _under(m, *QT, "app.services", "app.gui", "app.cli", "app.printing", "app.excel"):
        return "store imports no Qt, service, gui, cli, printing or excel"
    if layer == "services" and _under(m, *QT, "app.gui", "app.cli", "app.printing", "app.excel", "app.documents",
                                      "openpyxl", "reportlab"):
        return "services import no Qt, gui, cli, printing, excel, documents, openpyxl or ReportLab"
    if layer == "documents" and _under(m, *QT, "app.gui", "app.cli"):
        return "documents import no Qt, gui or cli"
    if layer in ("printing", "excel") and _under(m, *QT, "app.services", "app.documents", "app.store", "app.cli",
                                                "app.gui"):
        return f"{layer} takes plain data: no service, document use case, store, cli or gui"
    if layer == "gui":
        if _under(m, "app.cli"):
            return "gui calls use cases, never CLI code"
        if _under(m, "app.store"):
            if m == "app.store.uow" and imp.names and set(imp.names) <= STORE_TYPES_FOR_GUI:
                return None
            return "gui takes from app.store only the Ledger/Actor types of app.store.uow"
    if layer == "cli" and path.name != "gui_cmd.py" and _under(m, *QT, "app.gui"):
        return "cli imports no gui (only the gui launcher starts it)"
    return None


def violations() -> list[str]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        for imp in _imports(path):
            if (why := broken_rule(path, imp)) is not None:
                out.append(f"{path.relative_to(ROOT.parent).as_posix()}: {imp.module}  ({why})")
    return out


# file: forbidden module, each line with the developer who fixes it. Not xfail: listed, exact, and checked.
KNOWN: dict[str, str] = {}  # nothing breaks the table


def _key(line: str) -> str:
    return line.split("  (")[0]


@pytest.fixture(scope="module")
def found() -> list[str]:
    """The real tree's violations, read once for the two tests below (every import of every module: 1 s)."""
    return violations()


def test_layer_contract(found: list[str]) -> None:
    unexpected = [v for v in found if _key(v) not in KNOWN]
    assert unexpected == [], "imports that break the layer table in docs/architecture.md:\n" + "\n".join(unexpected)


def test_known_exceptions_are_still_real(found: list[str]) -> None:
    """A fixed entry must leave the list, so it cannot hide a new offence later."""
    keys = {_key(v) for v in found}
    assert sorted(set(KNOWN) - keys) == []


@pytest.mark.parametrize(("file", "source", "rule"), [
    ("domain/x.py", "from sqlalchemy import select", "domain"),
    ("domain/x.py", "from app import paths", "domain"),
    ("services/x.py", "def f():\n    from PySide6.QtWidgets import QWidget", "services"),
    ("services/x.py", "from app.gui.operations import Operation", "services"),
    ("services/x.py", "from app.printing.roster import render_roster", "services"),
    ("services/x.py", "def f():\n    from app.excel.roster_writer import write_roster", "services"),
    ("services/x.py", "from ..documents import print_cases", "services"),
    ("services/x.py", "def f():\n    from openpyxl import Workbook", "services"),
    ("services/x.py", "import reportlab.platypus", "services"),
    ("documents/x.py", "from PySide6.QtCore import QObject", "documents"),
    ("documents/x.py", "from app.gui.print_preview import pdf_path", "documents"),
    ("documents/x.py", "from app.cli.print_cmd import run", "documents"),
    ("printing/x.py", "from app.documents.print_cases import print_roster", "printing"),
    ("excel/x.py", "from app.documents import roster_files", "excel"),
    ("printing/x.py", "from app.services import meetings", "printing"),
    ("excel/x.py", "from ..store.models import Meeting", "excel"),
    ("gui/x.py", "from app.store.uow import UnitOfWork", "gui"),
    ("gui/x.py", "from app.store.models import Meeting", "gui"),
    ("gui/x.py", "from app.cli.print_cmd import run", "gui"),
    ("cli/x.py", "from app.gui.print_preview import show_pdf", "cli"),
])
def test_each_rule_catches_its_forbidden_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                file: str, source: str, rule: str) -> None:
    root = tmp_path / "app"
    target = root / file
    target.parent.mkdir(parents=True)
    target.write_text(source + "\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", root)
    assert len(violations()) == 1, rule


def test_allowed_imports_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "app"
    for file, source in [("domain/x.py", "from app.errors import ValidationError\nimport datetime"),
                         ("gui/x.py", "from app.store.uow import Actor, Ledger\nfrom app.services import meetings"),
                         ("cli/gui_cmd.py", "from app.gui.application import run"),
                         ("printing/x.py", "from app.domain.enums import MeetingKind"),
                         ("services/y.py", "from app.domain.docs.roster import RosterDoc"),
                         ("documents/x.py", "from app.services import print_data\nfrom app.printing.roster import "
                                            "render_roster\nfrom app.excel.roster_writer import write_roster\n"
                                            "from app.store.uow import Ledger"),
                         ("gui/y.py", "from app.documents import print_cases"),
                         ("cli/x.py", "from app.documents.roster_file_cases import export_roster_file")]:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_text(source + "\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", root)
    assert violations() == []


# Callers of use cases never open a unit of work, commit, or turn a KnownError into a dialog themselves
# (docs/architecture.md). The meetings half of the GUI and CLI is held to it here; other areas join the
# list as their branches convert (A1: organizations, members, import, backup, accounts).
USE_CASE_CALLERS = [
    "gui/dialogs/meeting_dialog.py", "gui/dialogs/plan_dialog.py", "gui/dialogs/attachment_panel.py",
    "gui/tabs/meetings.py", "gui/tabs/compliance_view.py", "gui/models/meeting_models.py",
    "cli/meetings_cmd.py", "cli/print_cmd.py", "cli/meeting_print_cmds.py",
]


def caller_offences(source: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("commit", "uow", "session"):
            out.append(f"line {node.lineno}: .{node.func.attr}()")
        if isinstance(node, ast.ExceptHandler) and node.type is not None and "KnownError" in ast.unparse(node.type):
            out.append(f"line {node.lineno}: except KnownError (use run_now / Operation / report_error)")
    return out


@pytest.mark.parametrize("file", USE_CASE_CALLERS)
def test_use_case_callers_open_no_unit_of_work(file: str) -> None:
    assert caller_offences((ROOT / file).read_text(encoding="utf-8")) == []


def test_caller_check_catches_a_commit_and_a_message_box_block() -> None:
    source = ("def save(self):\n    try:\n        with self.ctx.uow() as uow:\n            uow.commit()\n"
              "    except KnownError as exc:\n        QMessageBox.warning(self, '', str(exc))\n")
    assert len(caller_offences(source)) == 3
