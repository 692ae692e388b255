"""The besluit pages, rendered in real headless Chromium, say the right things accessibly."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from haarlem_opendata.lineage.dossier import build_dossiers
from haarlem_opendata.lineage.html import write_besluit_pages
from haarlem_opendata.spec import Besluit, BesluitenRegister
from tests.conftest import PROJECT_ROOT

from .browser import axe_check, chromium, parse
from .conftest import COVERAGE, SEEDED_LINKS, make_release, make_spec

pytestmark = pytest.mark.browser
METADATA = PROJECT_ROOT / "metadata"

REAL = Besluit.model_validate(
    {
        "identificatie": "HLM-2026-RB-030",
        "titel": "Kadernota openbare ruimte en riolering 2027",
        "bestuursorgaan": "gemeenteraad",
        "besluittype": "Raadsbesluit",
        "datum": "2026-06-04",
        "ingangsdatum": "2026-07-01",
        "toelichting": (
            "Kaders voor beheer openbare ruimte en riolering, op basis van twee datasets."
        ),
        "links": {
            "raadsinformatie": "https://id.openraadsinformatie.nl/haarlem-test-1",
            "gemeenteblad": "https://zoek.officielebekendmakingen.nl/gmb-2026-1.html",
            "besluiten_api": "https://besluiten.test/api/v1/besluiten/1",
        },
    }
)


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    from haarlem_opendata.catalog import load_register

    from .conftest import REGISTER_FILE

    tmp = tmp_path_factory.mktemp("site")
    seeded = load_register(REGISTER_FILE)
    register = BesluitenRegister(besluiten=[*seeded.besluiten, REAL])
    links = {n: list(ids) for n, ids in SEEDED_LINKS.items()}
    links["meldingen"].append(REAL.identificatie)
    links["rioolbelasting"].append(REAL.identificatie)
    catalog = {n: make_spec(n, ids, *COVERAGE[n]) for n, ids in links.items()}

    portal = tmp / "portal"
    for name in catalog:
        (portal / name).mkdir(parents=True)
        (portal / name / f"{name}.csv").write_text("buurt,aantal\n")

    def local(n, v, at):
        return make_release(n, v, at).model_copy(update={"portal_url": (portal / n).as_uri()})

    releases = [
        local("meldingen", "1.0.0", "2026-02-01T10:00:00"),
        make_release("meldingen", "1.0.0", "2026-02-01T10:00:00", portal="ckan"),
        local("rioolbelasting", "1.0.0", "2026-01-05T10:00:00"),
        local("rioolbelasting", "1.1.0", "2026-05-01T10:00:00"),
        local("rioolbelasting", "2.0.0", "2026-09-01T10:00:00"),  # after every besluit
    ]
    dossiers = build_dossiers(register, catalog, releases)
    write_besluit_pages(dossiers, portal, generated_on=date(2026, 11, 25), metadata_dir=METADATA)
    return portal / "besluiten", dossiers


def _render(page: Path, tmp_path: Path):
    shot = tmp_path / f"{page.stem}.png"
    dom = parse(chromium(page.as_uri(), tmp_path / "profile", screenshot=shot))
    print(f"screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    return dom


def _structural_a11y(dom):
    [html] = dom.find_all("html")
    assert html.attrs.get("lang") == "nl"
    [title] = dom.find_all("title")
    assert title.text()
    assert len(dom.find_all("h1")) == 1
    levels = [int(n.tag[1]) for n in _headings(dom)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    skip = dom.find_all("a")[0]
    assert skip.attrs["href"] == "#inhoud" and skip.text() == "Direct naar de inhoud"
    assert [m.attrs.get("id") for m in dom.find_all("main")] == ["inhoud"]
    for th in dom.find_all("th"):
        assert th.attrs.get("scope") in ("col", "row"), th.text()
    for table in dom.find_all("table"):
        assert table.find_all("caption") and table.find_all("caption")[0].text()
    for img in dom.find_all("img"):
        assert img.attrs.get("alt")
    for a in dom.find_all("a"):
        text = a.text().lower()
        assert text and text not in {"klik hier", "hier", "link", "meer"}, text
    assert not dom.find_all("script")


def _headings(node):
    out = []
    for child in node.children:
        if child.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            out.append(child)
        out.extend(_headings(child))
    return out


def test_index_lists_every_besluit(site, tmp_path):
    pages, dossiers = site
    dom = _render(pages / "index.html", tmp_path)
    _structural_a11y(dom)
    assert dom.find_all("h1")[0].text() == "Welke data onderbouwt dit besluit?"
    rows = dom.find_all("tbody")[0].find_all("tr")
    assert len(rows) == len(dossiers) == 4
    hrefs = {a.attrs["href"]: a.text() for row in rows for a in row.find_all("a")}
    assert hrefs == {f"{d.besluit.slug}.html": d.besluit.titel for d in dossiers}
    for href in hrefs:
        assert (pages / href).exists()
    examples = [r for r in rows if "Voorbeeld" in r.text()]
    assert len(examples) == 3


def test_besluit_page_shows_versions_at_decision_date(site, tmp_path):
    pages, _ = site
    dom = _render(pages / "hlm-2026-rb-030.html", tmp_path)
    _structural_a11y(dom)
    assert dom.find_all("h1")[0].text() == REAL.titel
    text = dom.text()
    assert "Voorbeeld" not in text
    assert [h.text() for h in dom.find_all("h3")] == [
        "Documenten",
        "Testdataset meldingen",
        "Testdataset rioolbelasting",
    ]
    captions = [c.text() for c in dom.find_all("caption")]
    assert "Waar u Testdataset rioolbelasting versie 1.1.0 vindt" in captions
    assert "Waar u Testdataset meldingen versie 1.0.0 vindt" in captions
    assert "Na het besluit verschenen nieuwere versies: 2.0.0." in text
    assert "4 juni 2026" in text
    links = {a.text(): a.attrs["href"] for a in dom.find_all("a")}
    assert (
        links["Bekendmaking van besluit HLM-2026-RB-030 in het Gemeenteblad"]
        == "https://zoek.officielebekendmakingen.nl/gmb-2026-1.html"
    )
    assert (
        links["Raadsdocument bij besluit HLM-2026-RB-030 (Open Raadsinformatie)"]
        == "https://id.openraadsinformatie.nl/haarlem-test-1"
    )
    local = links["Testdataset rioolbelasting versie 1.1.0 via Open-dataportaal (map)"]
    assert local == "../rioolbelasting/"
    assert (pages / local / "rioolbelasting.csv").exists()
    assert (
        links["Testdataset meldingen versie 1.0.0 via CKAN-dataportaal"]
        == "http://ckan.test/dataset/haarlem-meldingen"
    )
    codes = [c.text() for c in dom.find_all("code")]
    assert any(c.startswith("sha256:") for c in codes)
    assert "run-rioolbelasting-1.1.0" in codes


def test_example_page_is_marked_and_says_nothing_was_published_yet(site, tmp_path):
    pages, _ = site
    dom = _render(pages / "hlm-2018-rb-031.html", tmp_path)
    _structural_a11y(dom)
    text = dom.text()
    assert "Voorbeeld: dit is een fictief besluit" in text
    assert "Op de besluitdatum was deze dataset nog niet via dit portaal gepubliceerd." in text


def test_pages_pass_axe_core_in_chromium(site, tmp_path):
    pages, _ = site
    for page in sorted(pages.glob("*.html")):
        result = axe_check(page, tmp_path / "profile")
        assert result["violations"] == [], (page.name, result["violations"])
        expected = {
            "html-has-lang",
            "document-title",
            "color-contrast",
            "skip-link",
            "page-has-heading-one",
            "link-name",
        }
        if "<table" in page.read_text():
            expected.add("th-has-data-cells")
        assert expected <= set(result["passes"]), page.name


def test_axe_harness_catches_real_defects(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        "<img src='x.png'><p style='color:#ccc;background:#fff'>vaag</p>"
        "</main></body></html>"
    )
    result = axe_check(bad, tmp_path / "profile")
    found = {v["id"] for v in result["violations"]}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


def test_regenerating_removes_pages_of_dropped_besluiten(site, tmp_path):
    _, dossiers = site
    portal = tmp_path / "portal"
    write_besluit_pages(dossiers, portal, metadata_dir=METADATA)
    assert (portal / "besluiten" / "hlm-2026-rb-030.html").exists()
    write_besluit_pages(dossiers[1:], portal, metadata_dir=METADATA)
    names = sorted(p.name for p in (portal / "besluiten").iterdir())
    assert f"{dossiers[0].besluit.slug}.html" not in names
    assert "index.html" in names and "besluiten.css" in names
