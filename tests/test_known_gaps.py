"""The known-gaps list stays well-formed: every entry says what and why."""

from __future__ import annotations

from zoom_mock.known_gaps import KNOWN_GAPS


def test_every_gap_names_an_area_an_item_and_a_reason() -> None:
    for gap in KNOWN_GAPS:
        assert gap.area and gap.item
        assert len(gap.reason.split()) >= 5, f"{gap.item}: give a real reason"


def test_no_gap_is_listed_twice() -> None:
    keys = [(gap.area, gap.item) for gap in KNOWN_GAPS]

    assert len(keys) == len(set(keys))
