"""Fast password hashing for tests (one test checks the real parameters)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import accounts

    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
