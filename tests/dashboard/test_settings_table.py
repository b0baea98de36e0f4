"""The Method page's settings table: every setting of ``draagkracht.toml`` with its meaning in
both languages, a list on one row, a switch as yes/no, values as the build recorded them."""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import TEXT
from dashboard.settings_table import DERIVED, _field_kinds, settings_table
from pipelines.scoring.params import params_rows
from pipelines.settings import Settings


def recorded(settings: Settings) -> pd.DataFrame:
    """The ``params`` table exactly as the pipeline writes it for these settings."""
    sections = {name: getattr(settings, name) for name in Settings.model_fields}
    return pd.DataFrame(params_rows(sections))


def test_every_setting_and_derived_value_has_a_meaning():
    keys = list(_field_kinds()) + list(DERIVED)
    assert len(keys) > 40
    assert [k for k in keys if f"param.{k}" not in TEXT] == []


def test_a_build_with_other_settings_reads_back_as_set():
    settings = Settings.model_validate({
        "absence": {"duration_band_upper_days": [7, 30, 180]},
        "survey": {"shrinkage": False, "confidence": 0.9},
        "bucket": {"cusum_threshold": 6.25},
    })
    nl = settings_table(recorded(settings), "nl").set_index("setting", drop=False)
    en = settings_table(recorded(settings), "en").set_index("setting", drop=False)
    assert nl.loc["absence.duration_band_upper_days", "value"] == "7; 30; 180"
    assert nl.loc["survey.shrinkage", "value"] == "nee"
    assert en.loc["survey.shrinkage", "value"] == "no"
    assert nl.loc["survey.confidence", "value"] == "0,9"
    assert en.loc["survey.confidence", "value"] == "0.9"
    assert nl.loc["bucket.cusum_threshold", "value"] == "6,25"
    assert nl.loc["absence.national_quarter_factors", "value"] == "1,097; 0,969; 0,909; 1,025"
    assert nl.loc["anonymity.pool_hidden_teams", "value"] == "ja"
    # every setting once, then the two derived values without a key
    settings_rows = nl[nl["setting"].notna()]
    assert list(settings_rows["setting"]) == list(_field_kinds())
    derived = nl[nl["setting"].isna()]
    assert list(derived["meaning"]) == [TEXT[f"param.{k}"]["nl"] for k in DERIVED]
    assert list(derived["value"]) == ["1,64", "4"]  # z at 90 %; three bounds, four bands
    assert not nl["meaning"].str.contains("_").any()
    assert (nl["meaning"] != en["meaning"]).all()


def test_a_setting_the_build_did_not_record_is_left_out():
    params = recorded(Settings())
    older = params[~params["name"].str.startswith("drift_weight_strain")]
    keys = list(settings_table(older, "en")["setting"].dropna())
    assert "trend.drift_weight_strain" not in keys
    assert len(keys) == len(_field_kinds()) - 1
