"""One module owns every path the app reads or writes, so tests and portable mode can redirect them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_override: Path | None = None

PORTABLE_MARKER = "portable"


def resource_root() -> Path:
    """Folder holding `resources/` and `db/`: the repo in development, the bundle when frozen."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return resource_root() / "resources"


def migrations_dir() -> Path:
    return resource_root() / "db"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def program_dir() -> Path:
    """Folder of the executable (frozen) or of the repo (source), where a `portable` marker may sit."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return resource_root()


def set_data_dir(path: Path | None) -> None:
    """Redirect every data path (tests, `--data-dir`)."""
    global _override
    _override = Path(path) if path is not None else None


def data_dir() -> Path:
    """Where the store, logs, backups and attachments live; created on first use."""
    base = _data_base()
    base.mkdir(parents=True, exist_ok=True)
    return base


def _data_base() -> Path:
    """The data folder's path, creating nothing (a refused command leaves no folder behind)."""
    if _override is not None:
        base = _override
    elif env := os.environ.get("DANGJIAN_DATA_DIR"):
        base = Path(env)
    elif (program_dir() / PORTABLE_MARKER).exists():
        base = program_dir() / "data"
    else:
        from platformdirs import user_data_dir

        base = Path(user_data_dir("DangjianLedger", appauthor=False, roaming=False))
    return base


def _sub(name: str) -> Path:
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


STORE_NAME = "dangjian.sqlite"


def default_store_path(*, create_folder: bool = True) -> Path:
    return (data_dir() if create_folder else _data_base()) / STORE_NAME


def logs_dir() -> Path:
    return _sub("logs")


def backups_dir() -> Path:
    return _sub("backups")


def attachments_dir() -> Path:
    return _sub("attachments")


def drafts_dir() -> Path:
    return _sub("drafts")


def exports_dir() -> Path:
    return _sub("exports")


def new_store_path(db: str | None) -> Path | None:
    """The SQLite file `--db` (or DANGJIAN_DB, or the default) names, when it does not exist yet.

    Without SQLAlchemy (it must not load before the GUI's first paint): a plain path, or a sqlite:/// URL,
    as `app.store.engine.resolve_target` reads them; a server URL is never "new"."""
    value = str(db if db is not None else os.environ.get("DANGJIAN_DB") or "")
    if "://" in value:
        prefix = "sqlite:///"
        if not value.startswith(prefix) or value[len(prefix):] in ("", ":memory:"):
            return None
        value = value[len(prefix):].split("?", 1)[0]
    if not value:
        value = str(default_store_path(create_folder=False))
    path = Path(value).expanduser().resolve()
    return None if path.exists() else path
