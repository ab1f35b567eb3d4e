"""The core (domain, services, store, printing, excel) must never import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = ["domain", "services", "store", "printing", "excel"]
ROOT = Path(__file__).resolve().parents[2] / "app"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_has_no_qt_import() -> None:
    offenders = []
    for package in CORE:
        for path in (ROOT / package).rglob("*.py"):
            bad = {n for n in _imports(path) if n.startswith(("PySide6", "app.gui"))}
            if bad:
                offenders.append(f"{path.relative_to(ROOT)}: {sorted(bad)}")
    assert offenders == []


def test_domain_has_no_database_import() -> None:
    offenders = [
        str(p) for p in (ROOT / "domain").rglob("*.py") if any(n.startswith("sqlalchemy") for n in _imports(p))
    ]
    assert offenders == []
