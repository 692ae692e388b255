"""The seeded generators: deterministic, internally consistent, and the committed files up to
date."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from haarlem_opendata.generators import (
    BOUNDARY_GEOJSON,
    CBS_CSV,
    CBS_NL_CSV,
    GEMEENTEN_CSV,
    generate_all,
    meldingen,
    regions,
    rioolbelasting,
    sociaal_domein,
)
from haarlem_opendata.generators.geo import gemeente_boundary
from haarlem_opendata.sources.cbs import read_kwb_csv

DATA = Path(__file__).resolve().parents[2] / "datasets" / "data"
BOUNDARY = DATA / BOUNDARY_GEOJSON


@pytest.fixture(scope="module")
def cbs() -> pd.DataFrame:
    return read_kwb_csv(DATA / CBS_CSV)


@pytest.fixture(scope="module")
def haarlem():
    return gemeente_boundary(BOUNDARY)


def test_generate_all_reproduces_the_committed_files_byte_for_byte(tmp_path):
    for name in (CBS_CSV, CBS_NL_CSV, GEMEENTEN_CSV, BOUNDARY_GEOJSON):
        shutil.copy(DATA / name, tmp_path / name)
    written = generate_all(tmp_path)
    assert len(written) == 5
    for path in written:
        fresh = hashlib.sha256(path.read_bytes()).hexdigest()
        committed = hashlib.sha256((DATA / path.name).read_bytes()).hexdigest()
        assert fresh == committed, f"{path.name} differs: run scripts/generate-embedded-data"
    # 40,000 meldingen a year (issue 14: a realistic volume) and the national sociaal domein
    # counts (issue 17: every gemeente a partition) make the bulk of it
    assert sum(p.stat().st_size for p in written) < 3_300_000


# --- sociaal domein ------------------------------------------------------------------------------


def test_sociaal_domein_deterministic_per_seed(cbs):
    a, b = sociaal_domein.generate(cbs, seed=1), sociaal_domein.generate(cbs, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(sociaal_domein.generate(cbs, seed=2))


def test_sociaal_domein_relations_hold(cbs):
    sd = sociaal_domein.generate(cbs)
    assert list(sd["regio_code"]) == list(cbs["regio_code"])
    assert (sd[sociaal_domein.COUNT_COLUMNS].dtypes == "Int64").all()
    assert (sd["wmo_totaal"] == sd["wmo_man"] + sd["wmo_vrouw"]).all()
    assert (sd["wmo_totaal"] == sd["wmo_0_64"] + sd["wmo_65_plus"]).all()
    for kind in ("bijstand", "jeugdhulp"):
        assert (sd[f"{kind}_totaal"] == sd[f"{kind}_man"] + sd[f"{kind}_vrouw"]).all()
    assert (sd[sociaal_domein.COUNT_COLUMNS] >= 0).all().all()


def test_sociaal_domein_wijk_and_gemeente_are_sums_of_buurten(cbs):
    sd = sociaal_domein.generate(cbs).merge(
        cbs[["regio_code", "soort_regio", "wijk_code"]], on="regio_code"
    )
    buurten = sd[sd["soort_regio"] == "buurt"]
    per_wijk = buurten.groupby("wijk_code")[sociaal_domein.COUNT_COLUMNS].sum()
    wijken = sd[sd["soort_regio"] == "wijk"].set_index("regio_code")[sociaal_domein.COUNT_COLUMNS]
    pd.testing.assert_frame_equal(wijken.sort_index(), per_wijk.sort_index(), check_names=False)
    gemeente = sd[sd["soort_regio"] == "gemeente"][sociaal_domein.COUNT_COLUMNS].iloc[0]
    assert (gemeente == buurten[sociaal_domein.COUNT_COLUMNS].sum()).all()


def test_sociaal_domein_within_population_and_small_cells_present(cbs):
    sd = sociaal_domein.generate(cbs).merge(cbs, on="regio_code")
    buurten = sd[sd["soort_regio"] == "buurt"]
    pop, old = buurten["AantalInwoners_5"], buurten["k_65JaarOfOuder_12"]
    assert (buurten["wmo_65_plus"] <= old).all()
    assert (buurten["wmo_0_64"] <= pop - old).all()
    for kind in ("wmo", "bijstand", "jeugdhulp"):
        assert (buurten[f"{kind}_totaal"] <= pop).all()
    assert ((buurten["wmo_totaal"] > 0) & (buurten["wmo_totaal"] < 10)).sum() >= 5


def test_sociaal_domein_committed_file_matches_generator(cbs):
    """The national file's Haarlem rows are what the generator draws from Haarlem's CBS rows."""
    committed = pd.read_parquet(DATA / "sociaal_domein_2017.parquet")
    haarlem = committed[committed["regio_code"].str[2:6] == "0392"].reset_index(drop=True)
    pd.testing.assert_frame_equal(haarlem, sociaal_domein.generate(cbs))
    assert committed["regio_code"].str.startswith("GM").sum() == 387


def test_sociaal_domein_one_gemeente_does_not_depend_on_the_others():
    """Each gemeente is drawn on its own: publishing one partition or all gives the same counts."""
    from haarlem_opendata.sources.cbs import read_kwb_gemeenten

    tables = read_kwb_gemeenten(DATA / "kwb2017_nl.csv", ["GM0363", "GM0392"])
    both = sociaal_domein.generate_per_gemeente(tables)
    alone = sociaal_domein.generate_per_gemeente({"GM0392": tables["GM0392"]})
    amsterdam = len(tables["GM0363"])
    pd.testing.assert_frame_equal(both.iloc[amsterdam:].reset_index(drop=True), alone)


# --- rioolbelasting ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def buurt_inputs(cbs):
    buurten = gpd.read_file(DATA / "buurten_wijken_haarlem.gpkg", layer="buurten")
    inwoners = cbs.loc[cbs["soort_regio"] == "buurt"].set_index("regio_code")["AantalInwoners_5"]
    return buurten, inwoners.fillna(0)


@pytest.fixture(scope="module")
def riool(buurt_inputs):
    return rioolbelasting.generate(BOUNDARY, *buurt_inputs)


def test_rioolbelasting_areas_partition_the_boundary(riool, haarlem):
    gebieden, gemalen, _ = riool
    assert 25 <= len(gebieden) <= 40 and gebieden.crs.to_epsg() == 28992
    assert (
        gebieden["gemaal_id"].str.fullmatch(r"GML-\d{3}").all() and gebieden["gemaal_id"].is_unique
    )
    assert (
        gebieden["gemaal_naam"].str.startswith("Gemaal ").all()
        and gebieden["gemaal_naam"].is_unique
    )
    union = shapely.union_all(gebieden.geometry.to_numpy())
    # Coordinates are rounded to the millimetre, so allow a few m² on ~30 km².
    assert gebieden.area.sum() - union.area < 10.0  # no overlaps ...
    assert haarlem.symmetric_difference(union).area < 10.0  # ... and no gaps
    assert list(gemalen["gemaal_id"]) == list(gebieden["gemaal_id"])
    assert gemalen.within(
        gebieden.set_index("gemaal_id").loc[gemalen["gemaal_id"]].geometry.reset_index(drop=True)
    ).all()


def test_rioolbelasting_register_adds_up_to_the_cbs_buurt_populations(riool, buurt_inputs):
    """Issue 15: buurt tables and sewer-area tables must count one population."""
    _, _, adressen = riool
    buurten, inwoners = buurt_inputs
    joined = gpd.sjoin(adressen, buurten[["buurtcode", "geometry"]], predicate="within")
    assert joined.index.is_unique and len(joined) == len(adressen)  # each in exactly one buurt
    per_buurt = joined.groupby("buurtcode")["bewoners"].sum()
    expected = inwoners[inwoners > 0].astype(int)
    assert per_buurt.reindex(expected.index, fill_value=0).astype(int).equals(expected)
    assert set(per_buurt[per_buurt > 0].index) == set(expected.index)
    assert int(adressen["bewoners"].sum()) == int(inwoners.sum())


def test_rioolbelasting_addresses(riool, haarlem):
    gebieden, _, adressen = riool
    assert 60_000 <= len(adressen) <= 90_000 and adressen["adres_id"].is_unique
    assert adressen["postcode"].str.fullmatch(r"20[1-3]\d [A-Z]{2}").all()
    assert adressen["bewoners"].between(0, 8).all() and adressen["huisnummer"].ge(1).all()
    assert shapely.contains_xy(haarlem, adressen.geometry.x, adressen.geometry.y).all()
    joined = gpd.sjoin(adressen, gebieden, predicate="within")
    assert joined.index.is_unique and len(joined) == len(
        adressen
    )  # each address in exactly one area
    residents = (
        joined.groupby("gemaal_id")["bewoners"].sum().reindex(gebieden["gemaal_id"], fill_value=0)
    )
    assert 1 <= (residents < 10).sum() <= 8  # a few near-empty business parks / parks


def test_rioolbelasting_deterministic(buurt_inputs):
    a = rioolbelasting.generate(BOUNDARY, *buurt_inputs, seed=7)
    b = rioolbelasting.generate(BOUNDARY, *buurt_inputs, seed=7)
    for x, y in zip(a, b, strict=True):
        assert x.geom_equals_exact(y, tolerance=0).all()
        pd.testing.assert_frame_equal(
            pd.DataFrame(x.drop(columns="geometry")), pd.DataFrame(y.drop(columns="geometry"))
        )


# --- meldingen -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mor() -> pd.DataFrame:
    return meldingen.generate(BOUNDARY)


def _elfproef(digits: str) -> bool:
    d = [int(c) for c in digits]
    return len(d) == 9 and (sum(v * (9 - i) for i, v in enumerate(d[:8])) - d[8]) % 11 == 0


def test_meldingen_shape_and_values(mor, haarlem):
    assert len(mor) == 40_000 and mor["melding_id"].is_unique
    assert mor["melding_id"].str.fullmatch(r"MOR-2025-\d{6}").all()
    assert mor["tijdstip"].is_monotonic_increasing
    assert mor["tijdstip"].dt.year.eq(2025).all() and mor["tijdstip"].dt.tz is None
    assert shapely.contains_xy(haarlem, mor["x"], mor["y"]).all()
    assert set(mor["categorie"]) == set(meldingen.CATEGORIEEN)
    anonymous = mor["melder_naam"].isna().mean()
    assert 0.1 < anonymous < 0.3


def test_meldingen_free_text_carries_pii_like_reporters_write_it(mor):
    text = mor["omschrijving"]
    patterns = {
        "telefoon": r"(?:06-?\d{8}|\+31 6 \d{4} \d{4}|023-\d{7})",
        "email": r"[\w.]+@[\w.]+\.(?:nl|com)",
        "bsn": r"\b(?:\d{9}|\d{4}\.\d{2}\.\d{3})\b",
        "postcode": r"\b20\d\d [A-Z]{2} \d+",
        "kenteken": r"\b\d{2}-[A-Z]{3}-\d\b",
        "geboren": r"geboren \d{2}-\d{2}-\d{4}",
        "buurman": r"buurman [A-Z]\. ",
    }
    for name, pattern in patterns.items():
        assert text.str.contains(pattern, regex=True).sum() > 50, name
    with_pii = text.str.count(r"\. ").gt(0) | text.str.contains("Groeten")
    assert 0.25 < with_pii.mean() < 0.35
    bsns = (
        text.str.extract(r"BSN is (\d{4}\.\d{2}\.\d{3}|\d{9})")[0]
        .dropna()
        .str.replace(".", "", regex=False)
    )
    assert len(bsns) > 50 and bsns.map(_elfproef).all()


def test_meldingen_deterministic(mor):
    pd.testing.assert_frame_equal(mor, meldingen.generate(BOUNDARY))
    assert not mor.equals(meldingen.generate(BOUNDARY, seed=2))


# --- regions -------------------------------------------------------------------------------------


def test_regions_use_real_codes_and_nest(cbs, haarlem):
    buurten, wijken, gemeente = regions.generate(cbs, BOUNDARY)
    assert set(buurten["buurtcode"]) == set(cbs.loc[cbs["soort_regio"] == "buurt", "regio_code"])
    assert set(wijken["wijkcode"]) == set(cbs.loc[cbs["soort_regio"] == "wijk", "regio_code"])
    assert list(gemeente["gemeentecode"]) == ["GM0392"]
    union = shapely.union_all(wijken.geometry.to_numpy())
    assert wijken.area.sum() - union.area < 10.0 and haarlem.symmetric_difference(union).area < 10.0
    wijk_geom = wijken.set_index("wijkcode").geometry
    for wijkcode, group in buurten.groupby("wijkcode"):
        assert group.geometry.buffer(-0.01).within(wijk_geom[wijkcode]).all()
        assert abs(group.area.sum() - wijk_geom[wijkcode].area) < 10.0
    assert (buurten["buurtcode"].str[2:8] == buurten["wijkcode"].str[2:]).all()


def test_sociaal_domein_buurt_with_secret_population_gets_small_counts(cbs):
    hidden = cbs.copy()
    row = hidden.index[hidden["regio_code"] == "BU03920101"][0]
    hidden.loc[row, ["AantalInwoners_5", "k_65JaarOfOuder_12"]] = pd.NA
    sd = sociaal_domein.generate(hidden).set_index("regio_code")
    assert sd.loc["BU03920101", "wmo_totaal"] < 40 and sd.loc["BU03920101", "bijstand_totaal"] < 40
    assert (
        sd.loc["BU03920101", "wmo_totaal"]
        == sd.loc["BU03920101", "wmo_0_64"] + sd.loc["BU03920101", "wmo_65_plus"]
    )
    buurten_01 = [c for c in sd.index if c.startswith("BU039201")]
    assert sd.loc["WK039201", "wmo_totaal"] == sd.loc[buurten_01, "wmo_totaal"].sum()
