"""The migration runner's configuration keeps a server URL as given (app.store.migrate.alembic_config)."""

from __future__ import annotations

from app.store.migrate import alembic_config


def test_a_percent_encoded_server_url_reaches_the_migrations_unchanged() -> None:
    # a password with @ in it, and per-connection options: both written with % in a URL
    url = "postgresql+psycopg://dj:p%40ss@127.0.0.1/dj?options=-csearch_path%3Ddj_gw0"
    assert alembic_config(url).get_main_option("sqlalchemy.url") == url
