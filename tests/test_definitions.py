"""The code location `dagster dev` loads: it validates and has the whole graph."""

from __future__ import annotations

import dagster as dg

from haarlem_opendata.catalog import load_catalog
from haarlem_opendata.catalog.linkage import upstream
from haarlem_opendata.checks import required_checks


def test_definitions_validate_and_have_the_expected_graph(workspace):
    from haarlem_opendata.dagster.definitions import build_definitions

    defs = build_definitions()
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {tuple(k.path) for k in graph.get_all_asset_keys()}
    catalog = load_catalog(workspace.datasets_dir)
    for name, spec in catalog.items():
        for source in spec.sources:
            assert (name, "raw", source) in keys
        for stage in ("source", "protected", "datapackage", "published"):
            assert (name, stage) in keys
        parents = {tuple(k.path) for k in graph.get(dg.AssetKey([name, "protected"])).parent_keys}
        # a linked dataset is protected after the data packages it is audited against (issue 15)
        audited_after = {(other, "datapackage") for other in upstream(catalog, name)}
        assert parents == {(name, "source")} | audited_after
        assert graph.get(dg.AssetKey([name, "protected"])).group_name == name

    assert upstream(catalog, "rioolbelasting") == ["buurtcijfers"]

    checks = {(tuple(k.asset_key.path), k.name) for k in graph.asset_check_keys}
    for name, spec in catalog.items():
        for check in required_checks(spec):
            assert ((name, "protected"), check) in checks
        assert ((name, "datapackage"), "datapackage_valid") in checks
        assert ((name, "datapackage"), "pii_net") in checks  # the last-line net, on every bundle
    assert "linkage_audit" in required_checks(catalog["rioolbelasting"])
    assert "linkage_audit" in required_checks(catalog["buurtcijfers"])
    for check_key in graph.asset_check_keys:
        assert graph.get_check_spec(check_key).blocking


def test_a_job_per_dataset_and_one_for_all_with_monthly_schedules_off(workspace):
    from haarlem_opendata.dagster.definitions import build_definitions

    defs = build_definitions()
    catalog = load_catalog(workspace.datasets_dir)
    for name in catalog:
        assert defs.resolve_job_def(f"{name}_job")
        schedule = defs.resolve_schedule_def(f"{name}_monthly")
        assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
        assert schedule.cron_schedule.split()[2:] == ["1", "*", "*"]
    assert defs.resolve_job_def("all_datasets_job")
