"""Dataset search answered from PostgreSQL through CKAN's own model.

`PgPackageSearchQuery` keeps the interface of CKAN 2.12's
`ckan.lib.search.query.PackageSearchQuery` (``run(query, permission_labels)``
filling ``count``, ``results`` and ``facets``), so `package_search` and the
other CKAN callers keep all of their own logic: the ``+capacity:public`` and
``+state:`` filters they add and the permission labels they compute for the
calling user. Visibility is decided by CKAN's permission-labels plugin, exactly
as the Solr index would have stored it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import ckan.lib.navl.dictization_functions as df
import ckan.lib.plugins as lib_plugins
import sqlalchemy as sa
from ckan import logic, model
from ckan.lib.search.common import SearchError, SearchQueryError
from ckan.lib.search.index import NoopSearchIndex
from ckan.lib.search.query import VALID_SOLR_PARAMETERS, PackageSearchQuery

from .solr_syntax import Clause, SyntaxRefused, parse, parse_sort

P = model.Package

_SORT_COLUMNS: dict[str, Any] = {
    "metadata_modified": P.metadata_modified,
    "metadata_created": P.metadata_created,
    "name": P.name,
    "title_string": P.title,
    "title": P.title,
}
# Solr-only rankings without a PostgreSQL counterpart here: ignored, the
# tie-breakers below still give a stable order.
_IGNORED_SORT = {"score", "rank", "view_recent", "views_recent", "views_total"}
_IGNORED_FIELDS = {"site_id", "entity_type", "permission_labels"}


class PgNoopPackageIndex(NoopSearchIndex):
    """CKAN's do-nothing index; `clear` must not reach for Solr either."""

    def clear(self) -> None:
        return None

    def commit(self) -> None:
        return None

    def delete_package(self, pkg_dict: dict[str, Any]) -> None:
        return None

    def index_package(self, pkg_dict: dict[str, Any] | None, defer_commit: bool = False) -> None:
        return None


def _escape_like(word: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", word)


def _group_ids(names: Iterable[str], organization: bool) -> sa.Select:
    G = model.Group
    return sa.select(G.id).where(
        G.name.in_(list(names)), G.is_organization.is_(organization), G.state == "active"
    )


def _condition(clause: Clause) -> Any:
    field, values = clause.field, list(clause.values)
    simple = {
        "name": P.name,
        "id": P.id,
        "license_id": P.license_id,
        "dataset_type": P.type,
        "type": P.type,
        "creator_user_id": P.creator_user_id,
        "state": P.state,
    }
    if field in simple:
        return simple[field].in_(values)
    if field == "capacity":
        wanted = {v.lower() for v in values}
        unknown = wanted - {"public", "private"}
        if unknown:
            raise SyntaxRefused(f"unknown capacity {sorted(unknown)}")
        return sa.or_(*[P.private.is_(v == "private") for v in wanted])
    if field == "organization":
        return P.owner_org.in_(_group_ids(values, organization=True))
    if field == "owner_org":
        return sa.or_(
            P.owner_org.in_(values), P.owner_org.in_(_group_ids(values, organization=True))
        )
    if field == "groups":
        M = model.Member
        return P.id.in_(
            sa.select(M.table_id).where(
                M.table_name == "package",
                M.state == "active",
                M.group_id.in_(_group_ids(values, organization=False)),
            )
        )
    if field == "tags":
        return P.id.in_(
            sa.select(model.PackageTag.package_id)
            .join(model.Tag, model.Tag.id == model.PackageTag.tag_id)
            .where(
                model.PackageTag.state == "active",
                model.Tag.vocabulary_id.is_(None),
                model.Tag.name.in_(values),
            )
        )
    if field == "res_format":
        R = model.Resource
        return P.id.in_(
            sa.select(R.package_id).where(
                R.state == "active", sa.func.lower(R.format).in_([v.lower() for v in values])
            )
        )
    if field in ("text", "title", "notes"):
        columns = (P.title,) if field == "title" else (P.notes,) if field == "notes" else None
        return sa.or_(*[_text_condition(v, columns) for v in values])
    if field.startswith("extras_"):
        return P.extras[field[len("extras_") :]].astext.in_(values)
    raise SyntaxRefused(f"pgsearch (local CKAN without Solr) cannot filter on field {field!r}")


def _text_condition(text: str, columns: tuple[Any, ...] | None = None) -> Any:
    """Every word of text occurs (case-insensitively) in one of the columns."""
    columns = columns or (P.name, P.title, P.notes)
    if not text.split():
        return sa.true()
    return sa.and_(
        *[
            sa.or_(*[c.ilike(f"%{_escape_like(word)}%", escape="\\") for c in columns])
            for word in text.split()
        ]
    )


def _facet_counts(field: str, ids: list[str]) -> dict[str, int]:
    """Number of the given datasets per value of a facet field, in SQL."""
    G, M, R = model.Group, model.Member, model.Resource
    pkgs = sa.func.count(sa.distinct(P.id))
    if field == "organization":
        q = (
            model.Session.query(G.name, pkgs)
            .join(P, P.owner_org == G.id)
            .filter(P.id.in_(ids))
            .group_by(G.name)
        )
    elif field == "owner_org":
        q = (
            model.Session.query(P.owner_org, pkgs)
            .filter(P.id.in_(ids), P.owner_org.isnot(None))
            .group_by(P.owner_org)
        )
    elif field == "groups":
        q = (
            model.Session.query(G.name, pkgs)
            .join(M, M.group_id == G.id)
            .join(P, P.id == M.table_id)
            .filter(
                P.id.in_(ids),
                M.table_name == "package",
                M.state == "active",
                G.is_organization.is_(False),
                G.state == "active",
            )
            .group_by(G.name)
        )
    elif field == "tags":
        q = (
            model.Session.query(model.Tag.name, pkgs)
            .join(model.PackageTag, model.PackageTag.tag_id == model.Tag.id)
            .join(P, P.id == model.PackageTag.package_id)
            .filter(
                P.id.in_(ids), model.PackageTag.state == "active", model.Tag.vocabulary_id.is_(None)
            )
            .group_by(model.Tag.name)
        )
    elif field == "res_format":
        q = (
            model.Session.query(R.format, pkgs)
            .join(P, P.id == R.package_id)
            .filter(P.id.in_(ids), R.state == "active", R.format.isnot(None), R.format != "")
            .group_by(R.format)
        )
    elif field in ("license_id", "dataset_type", "type"):
        column = P.license_id if field == "license_id" else P.type
        q = (
            model.Session.query(column, pkgs)
            .filter(P.id.in_(ids), column.isnot(None))
            .group_by(column)
        )
    else:
        return {}
    return dict(q.all())


def _schemas(package_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return logic.package_show_default_and_custom_schemas(
        {"ignore_auth": True, "session": model.Session}, package_id
    )


def _as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=df.MissingNullEncoder)


class PgPackageSearchQuery(PackageSearchQuery):
    """`PackageSearchQuery` whose answers come from PostgreSQL, not Solr."""

    def get_all_entity_ids(self, max_results: int = 1000) -> list[str]:
        rows = (
            model.Session.query(P.id).filter(P.state == "active").order_by(P.id).limit(max_results)
        )
        return [r[0] for r in rows]

    def get_index(self, reference: str) -> dict[str, Any]:
        # package_show treats the index as a cache and falls back to the
        # database on SearchError; there is no index to serve from here.
        raise SearchError(
            f"pgsearch keeps no search index (dataset {reference!r} is read from the database)"
        )

    def run(
        self, query: dict[str, Any], permission_labels: list[str] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        if not set(query.keys()) <= VALID_SOLR_PARAMETERS:
            invalid = sorted(set(query.keys()) - VALID_SOLR_PARAMETERS)
            raise SearchQueryError(f"Invalid search parameters: {invalid}")
        try:
            matching = self._matching(query, permission_labels)
        except SyntaxRefused as e:
            raise SearchQueryError(str(e)) from None

        rows = int(query.get("rows", 10))
        start = int(query.get("start", 0))
        page = matching[start : start + rows] if rows > 0 else []
        self.count = len(matching)
        self.results = self._documents(page, query.get("fl", "name"))
        self.facets = self._facets(matching, query)
        return {"results": self.results, "count": self.count}

    def _matching(
        self, query: dict[str, Any], permission_labels: list[str] | None
    ) -> list[model.Package]:
        texts = [query.get("q") or "", query.get("fq") or ""]
        texts.extend(query.get("fq_list") or [])
        clauses: list[Clause] = []
        words: list[str] = []
        for text in texts:
            found, free = parse(str(text))
            clauses.extend(c for c in found if c.field not in _IGNORED_FIELDS)
            words.extend(free)
        if not any(c.field == "state" for c in clauses):
            clauses.append(Clause("state", ("active",)))

        q = model.Session.query(P)
        for clause in clauses:
            cond = _condition(clause)
            q = q.filter(sa.not_(cond) if clause.negated else cond)
        for word in words:
            q = q.filter(_text_condition(word))
        q = q.order_by(*self._order(query.get("sort")))
        packages = q.all()

        if permission_labels is None:
            return packages
        allowed = set(permission_labels)
        labeler = lib_plugins.get_permission_labels()
        return [pkg for pkg in packages if allowed.intersection(labeler.get_dataset_labels(pkg))]

    @staticmethod
    def _order(sort: str | None) -> list[Any]:
        order = []
        for key in parse_sort(sort or "metadata_modified desc"):
            if key.field in _IGNORED_SORT:
                continue
            column = _SORT_COLUMNS.get(key.field)
            if column is None:
                raise SyntaxRefused('Invalid "sort" parameter')
            order.append(column.desc() if key.descending else column.asc())
        if not order:
            order.append(P.metadata_modified.desc())
        order.append(P.id)
        return order

    @staticmethod
    def _documents(page: list[model.Package], fl: Any) -> list[Any]:
        fields = fl if isinstance(fl, list) else re.split(r"[\s,]+", str(fl).strip())
        fields = [f for f in fields if f]
        if fields in (["id"], ["name"]):
            return [getattr(pkg, fields[0]) for pkg in page]
        documents = []
        for pkg in page:
            default, custom = _schemas(pkg.id)
            doc: dict[str, Any] = {}
            extras: dict[str, Any] = {}
            for field in fields:
                if field == "data_dict":
                    doc[field] = _as_json(default)
                elif field == "validated_data_dict":
                    doc[field] = _as_json(custom)
                elif field == "groups":
                    doc[field] = [g["name"] for g in default.get("groups", [])]
                elif field.startswith("extras_"):
                    key = field[len("extras_") :]
                    if key in (pkg.extras or {}):
                        extras[key] = pkg.extras[key]
                elif field in default:
                    doc[field] = default[field]
            if extras:
                doc["extras"] = extras
            documents.append(doc)
        return documents

    @staticmethod
    def _facets(matching: list[model.Package], query: dict[str, Any]) -> dict[str, dict[str, int]]:
        if str(query.get("facet", "true")).lower() != "true":
            return {}
        fields = query.get("facet.field") or []
        if isinstance(fields, str):
            fields = json.loads(fields) if fields.startswith("[") else [fields]
        if not fields:
            return {}
        limit = int(query.get("facet.limit") if query.get("facet.limit") is not None else 50)
        mincount = int(query.get("facet.mincount") or 1)
        ids = [pkg.id for pkg in matching]
        facets: dict[str, dict[str, int]] = {}
        for field in fields:
            counts = _facet_counts(field, ids) if ids else {}
            ranked = sorted(
                ((v, n) for v, n in counts.items() if n >= mincount),
                key=lambda item: (-item[1], item[0]),
            )
            if limit >= 0:
                ranked = ranked[:limit]
            facets[field] = dict(ranked)
        return facets
