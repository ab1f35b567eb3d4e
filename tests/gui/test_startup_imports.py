"""Start-up imports only what the first painted window needs: no ReportLab, openpyxl or pypinyin yet.

Each of those costs tens of milliseconds (pypinyin's dictionaries more) that a user waiting for the window
would pay for nothing; printing, spreadsheets and pinyin keys load on first use. Checked in a fresh process,
the way the program starts (the CLI parser with every command module, then the main window).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("reportlab", "openpyxl", "pypinyin")

CHILD = """
import json, sys
from app.cli import build_parser
build_parser()  # imports every command module, as `dangjian` does before starting the GUI
from PySide6.QtWidgets import QApplication
from app.context import open_context
from app.gui.application import make_application
from app.gui.main_window import MainWindow
app = make_application()
ctx = open_context(sys.argv[1])
window = MainWindow(ctx)
window.show()
window.grab()
QApplication.processEvents()
print(json.dumps(sorted(sys.modules)))
window.close()
ctx.close()
"""


def loaded_modules(store: Path, data_dir: Path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DANGJIAN_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(store)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_first_window_does_not_import_printing_excel_or_pinyin(demo_ctx, store_path: Path, data_dir: Path) -> None:
    demo_ctx.close()
    modules = loaded_modules(store_path, data_dir)
    assert "app.gui.main_window" in modules  # the window really was built in the child
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert heavy == [], f"imported at start-up: {heavy}"


FRAME_CHILD = """
import json, sys
from app.cli import build_parser
build_parser()
from PySide6.QtWidgets import QApplication
from app.gui.application import make_application
from app.gui.main_window import MainWindow
app = make_application()
window = MainWindow(None)  # what `gui` paints before it opens the store
window.show()
window.grab()
QApplication.processEvents()
print(json.dumps(sorted(sys.modules)))
window.close()
"""


def test_the_first_paint_comes_before_the_store_layer(data_dir: Path) -> None:
    """Start-up paints the window frame before SQLAlchemy (about 0.15 s of imports) and the store load."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DANGJIAN_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", FRAME_CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "app.gui.main_window" in modules
    early = sorted(m for m in modules if m.split(".")[0] in (*HEAVY, "sqlalchemy", "alembic"))
    assert early == [], f"imported before the first paint: {early}"


PREPARED_CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
from app.context import open_context
from app.gui.application import make_application
from app.gui.main_window import MainWindow
app = make_application()
window = MainWindow(None)
window.show()
QApplication.processEvents()
window.prepare()  # as start-up does right after the first paint, before the store opens
ctx = open_context(sys.argv[1])
before = set(sys.modules)
window.attach(ctx)
print(json.dumps(sorted(m for m in set(sys.modules) - before if m.startswith("app."))))
window.close()
ctx.close()
"""


def test_attaching_the_store_imports_nothing_prepare_could_have(demo_ctx, store_path: Path, data_dir: Path) -> None:
    """Between the store being open (perhaps after the login) and 首页's data, attach only reads and fills:
    the menus' and title's code was imported by prepare() while the store opened (docs/benchmark.md)."""
    demo_ctx.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DANGJIAN_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", PREPARED_CHILD, str(store_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
