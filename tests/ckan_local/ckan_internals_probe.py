"""Run by the CKAN venv's python (not the project's): reports, as JSON, every
CKAN internal that the pgsearch plugin relies on, so that
test_ckan_internals.py can fail loudly when a CKAN upgrade moves one.

Prints {"version": ..., "problems": [...]}; an empty list means all is in place.
"""

from __future__ import annotations

import inspect
import json


def main() -> None:
    import ckan
    import ckan.lib.navl.dictization_functions as df
    import ckan.lib.plugins as lib_plugins
    from ckan import logic, model
    from ckan.config import environment
    from ckan.lib import search
    from ckan.lib.dictization import model_dictize
    from ckan.lib.search import index, query
    from ckan.logic.action import get

    problems: list[str] = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    def params(fn: object) -> list[str]:
        return [
            f"{p.name}={p.default!r}" if p.default is not inspect.Parameter.empty else p.name
            for p in inspect.signature(fn).parameters.values()
        ]

    def source(fn: object) -> str:
        return inspect.getsource(fn)

    # The lookups the plugin rewires (before any plugin is loaded).
    check(
        {"package": index.PackageSearchIndex} == search._INDICES,
        f"ckan.lib.search._INDICES changed: {search._INDICES!r}",
    )
    check(
        search._QUERIES.get("package") is query.PackageSearchQuery,
        f"ckan.lib.search._QUERIES['package'] changed: {search._QUERIES!r}",
    )
    check(
        search.PackageSearchQuery is query.PackageSearchQuery,
        "ckan.lib.search.PackageSearchQuery is no longer the query class",
    )
    check(
        "_INDICES[_type_n]()" in source(search.index_for),
        "index_for no longer instantiates from _INDICES",
    )
    check(
        "_QUERIES[_type_n]()" in source(search.query_for),
        "query_for no longer instantiates from _QUERIES",
    )
    check(
        params(search.check_solr_schema_version) == ["schema_file=None"],
        f"check_solr_schema_version signature: {params(search.check_solr_schema_version)}",
    )
    env_src = source(environment.update_config)
    check(
        env_src.find("plugin.update_config(config)")
        < env_src.find("search.check_solr_schema_version()")
        > 0,
        "update_config no longer checks Solr after IConfigurer.update_config",
    )

    # The do-nothing index and the methods CKAN calls on the package index.
    check(
        issubclass(index.NoopSearchIndex, index.SearchIndex)
        and index.NoopSearchIndex.__dict__.keys()
        <= {"__module__", "__doc__", "__qualname__", "__firstlineno__", "__static_attributes__"},
        "NoopSearchIndex is no longer a plain SearchIndex",
    )
    for name, expected in {
        "insert_dict": ["self", "data"],
        "update_dict": ["self", "data", "defer_commit=False"],
        "remove_dict": ["self", "data"],
        "clear": ["self"],
    }.items():
        got = params(getattr(index.SearchIndex, name))
        check(got == expected, f"SearchIndex.{name}{got} != {expected}")
    from ckanext.haarlem_pgsearch.query import PgNoopPackageIndex, PgPackageSearchQuery

    package_index_methods = {
        n
        for n, v in vars(index.PackageSearchIndex).items()
        if callable(v) and not n.startswith("_")
    }
    missing = sorted(n for n in package_index_methods if not hasattr(PgNoopPackageIndex, n))
    check(not missing, f"PackageSearchIndex methods the noop index lacks: {missing}")
    for name in ("commit", "delete_package"):
        check(name in package_index_methods, f"PackageSearchIndex.{name} is gone")

    # The query interface the replacement implements.
    for name, expected in {
        "run": ["self", "query", "permission_labels=None", "kwargs"],
        "get_all_entity_ids": ["self", "max_results=1000"],
        "get_index": ["self", "reference"],
    }.items():
        got = params(getattr(query.PackageSearchQuery, name))
        check(got == expected, f"PackageSearchQuery.{name}{got} != {expected}")
        mine = params(getattr(PgPackageSearchQuery, name))
        check(mine == expected, f"PgPackageSearchQuery.{name}{mine} != {expected}")
    check(
        isinstance(query.VALID_SOLR_PARAMETERS, set) and "fq_list" in query.VALID_SOLR_PARAMETERS,
        "ckan.lib.search.query.VALID_SOLR_PARAMETERS changed",
    )

    # The callers whose contract the replacement honours.
    ps = source(get.package_search)
    for needle in (
        "search.query_for(model.Package)",
        "query.run(data_dict, permission_labels=labels)",
        "'+capacity:public '",
        "get_user_dataset_labels",
        "package.get(data_source)",
        "query.count",
        "query.facets",
    ):
        check(needle in ps, f"package_search no longer contains {needle!r}")
    show = source(get.package_show)
    check(
        "search.show(name_or_id)" in show and "except (search.SearchError" in show,
        "package_show no longer falls back to the database on SearchError",
    )
    for fn in (model_dictize.get_group_dataset_counts, model_dictize.tag_dictize):
        check(
            "search.PackageSearchQuery()" in source(fn),
            f"{fn.__name__} no longer builds search.PackageSearchQuery() itself",
        )
    check(
        "index_for('Package')" in source(logic.index_update_package_dicts),
        "index_update_package_dicts no longer uses index_for",
    )
    check(
        params(logic.package_show_default_and_custom_schemas) == ["parent_context", "package_id"],
        "package_show_default_and_custom_schemas signature changed",
    )
    labels = lib_plugins.DefaultPermissionLabels
    check(
        params(labels.get_dataset_labels) == ["self", "dataset_obj"]
        and params(labels.get_user_dataset_labels) == ["self", "user_obj"],
        "DefaultPermissionLabels interface changed",
    )
    check(callable(lib_plugins.get_permission_labels), "get_permission_labels is gone")
    check(hasattr(df, "MissingNullEncoder"), "MissingNullEncoder is gone")

    # Model columns the SQL uses.
    for attr in (
        "id",
        "name",
        "title",
        "notes",
        "state",
        "private",
        "owner_org",
        "type",
        "license_id",
        "creator_user_id",
        "metadata_modified",
        "metadata_created",
        "extras",
    ):
        check(hasattr(model.Package, attr), f"model.Package.{attr} is gone")
    check(
        type(model.Package.__table__.c.extras.type).__name__ == "JSONB",
        "package.extras is no longer JSONB",
    )
    for cls, attrs in {
        model.Member: ("table_id", "table_name", "group_id", "state"),
        model.PackageTag: ("package_id", "tag_id", "state"),
        model.Tag: ("name", "vocabulary_id"),
        model.Resource: ("package_id", "format", "state"),
        model.Group: ("id", "name", "is_organization", "state"),
    }.items():
        for attr in attrs:
            check(hasattr(cls, attr), f"model.{cls.__name__}.{attr} is gone")

    # After install() the lookups point at the replacement.
    from ckanext.haarlem_pgsearch.plugin import install

    install()
    check(
        type(search.index_for(model.Package)) is PgNoopPackageIndex,
        "index_for(Package) is not the noop index after install()",
    )
    check(
        type(search.query_for(model.Package)) is PgPackageSearchQuery,
        "query_for(Package) is not the PostgreSQL query after install()",
    )
    check(
        model_dictize.search.PackageSearchQuery is PgPackageSearchQuery,
        "model_dictize does not see the PostgreSQL query after install()",
    )
    check(
        search.check_solr_schema_version() is False,
        "check_solr_schema_version still reaches for Solr after install()",
    )

    print(json.dumps({"version": ckan.__version__, "problems": problems}))


if __name__ == "__main__":
    main()
