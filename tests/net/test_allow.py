"""The reviewed allow-list: shipped entries work, and a bad entry stops loading with file and
key."""

from __future__ import annotations

import pytest
import yaml

from haarlem_opendata.errors import SpecError
from haarlem_opendata.net import AllowList, load_allow_list, scan_folder
from tests.net.helpers import SHIPPED_ALLOW_LIST

GOOD = {
    "value": "001005650",
    "type": "BSN",
    "reason": "RSIN van de gemeente, geen persoon",
    "reviewer": "FG",
    "reviewed_on": "2026-12-01",
}


def _write(tmp_path, entries) -> str:
    path = tmp_path / "net_allow.yaml"
    path.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True))
    return path


def test_shipped_entries_accept_the_gemeentes_own_identifiers_and_nothing_else(tmp_path):
    allow = load_allow_list(SHIPPED_ALLOW_LIST)
    assert {(e.type, e.value) for e in allow.entries} >= {
        ("BSN", "001005650"),
        ("EMAIL", "opendata@haarlem.nl"),
    }
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "privacy.md").write_text(
        "Vragen: opendata@haarlem.nl of OpenData@Haarlem.NL. RSIN 0010.05.650.\n"
        "Niet: j.jansen@haarlem.nl, BSN 111222333.\n"
    )
    report = scan_folder(tmp_path / "b", allow)
    assert report.allowed == 3
    assert sorted(f.type for f in report.findings) == ["BSN", "EMAIL"]
    assert [f.location for f in report.findings] == ["regel 2", "regel 2"]
    assert not scan_folder(tmp_path / "b", AllowList()).passed


def test_every_shipped_entry_is_reviewed():
    for entry in load_allow_list(SHIPPED_ALLOW_LIST).entries:
        assert entry.reviewer.strip() and entry.reviewed_on and len(entry.reason) >= 10


def test_a_value_is_only_accepted_as_its_own_type(tmp_path):
    allow = load_allow_list(_write(tmp_path, [GOOD]))
    assert allow.accepts("BSN", "0010.05.650")
    assert not allow.accepts("TELEFOON", "001005650")


@pytest.mark.parametrize(
    "change, key",
    [
        ({"type": "NAAM"}, "entries.0.type"),
        ({"reviewer": None}, "entries.0.reviewer"),
        ({"reason": ""}, "entries.0.reason"),
        ({"reviewed_on": "gisteren"}, "entries.0.reviewed_on"),
        ({"reviewed_on": "2999-01-01"}, "entries.0.reviewed_on"),
        ({"colour": "rood"}, "entries.0.colour"),
        ({"value": "111222334"}, "entries.0"),  # fails the elfproef: not what the net finds
        ({"type": "EMAIL"}, "entries.0"),  # a BSN entered as an e-mail address
    ],
    ids=[
        "unknown-type",
        "no-reviewer",
        "no-reason",
        "bad-date",
        "future-review",
        "unknown-key",
        "not-the-shape",
        "wrong-type",
    ],
)
def test_a_malformed_entry_fails_to_load_naming_file_and_key(tmp_path, change, key):
    entry = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    path = _write(tmp_path, [GOOD, entry])
    with pytest.raises(SpecError) as info:
        load_allow_list(path)
    assert str(path) in str(info.value)
    assert f"{key.replace('entries.0', 'entries.1')}" in str(info.value)


def test_unreadable_yaml_names_the_file(tmp_path):
    path = tmp_path / "net_allow.yaml"
    path.write_text("entries: [value: 1\n")
    with pytest.raises(SpecError, match="net_allow.yaml"):
        load_allow_list(path)
    with pytest.raises(SpecError, match="entries"):
        load_allow_list(_write(tmp_path, "geen lijst"))
