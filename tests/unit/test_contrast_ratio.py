"""WCAG 2.x relative luminance and contrast ratio, against known values."""

from __future__ import annotations

import pytest

from meetingroom.ui.common.contrast import blend, contrast_ratio, relative_luminance


def test_black_and_white_are_the_extremes() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)  # order does not matter
    assert contrast_ratio("#1f5fa8", "#1f5fa8") == pytest.approx(1.0)


def test_known_pairs_from_the_wcag_literature() -> None:
    # #767676 is the lightest grey that passes AA on white; #777777 just fails
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ff0000", "#ffffff") == pytest.approx(4.00, abs=0.01)
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=0.0001)


def test_blend_mixes_by_opacity() -> None:
    assert blend("#000000", "#ffffff", 1.0) == "#000000"
    assert blend("#000000", "#ffffff", 0.0) == "#ffffff"
    assert blend("#000000", "#ffffff", 0.5) == "#808080"


def test_a_malformed_colour_is_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        relative_luminance("#12345")
