"""Search keys hold every reading of a name: polyphonic surnames (曾 zēng, 单 shàn) are found (issue #17)."""

from __future__ import annotations

import pytest

from app.domain.search_keys import INITIALS_LENGTH, PINYIN_LENGTH, matches, pinyin_keys, readings


@pytest.mark.parametrize(("name", "text"), [
    ("曾佳", "zj"), ("曾佳", "zengjia"), ("曾佳", "zeng"), ("曾佳", "cj"),  # surname reading and the ordinary one
    ("单雄信", "sxx"), ("单雄信", "shanx"), ("单雄信", "dxx"),
    ("张三", "zs"), ("张三", "zhangsan"), ("张三", "张"),
    ("解小东", "xxd"), ("仇明", "qm"),
])
def test_every_reading_is_found(name: str, text: str) -> None:
    assert matches(name, text)


@pytest.mark.parametrize(("name", "text"), [("张三", "sz"), ("曾佳", "jz"), ("单雄信", "xxs"), ("李明", "lz")])
def test_other_text_is_not_found(name: str, text: str) -> None:
    assert not matches(name, text)


def test_surname_reading_comes_first_and_orders_the_list() -> None:
    assert readings("曾佳")[0] == "zengjia"
    assert readings("单雄信")[0] == "shanxiongxin"
    assert pinyin_keys("张三") == ("zhangsan", "zs")  # a name with one reading keeps its old keys
    assert pinyin_keys("曾佳") == ("zengjia cengjia", "zj cj")


def test_keys_fit_their_columns() -> None:
    full, initials = pinyin_keys("乐单曾重长行解")  # seven polyphonic characters
    assert len(full) <= PINYIN_LENGTH and len(initials) <= INITIALS_LENGTH
    assert full.startswith("yue") and initials.split(" ")[0].startswith("y")
