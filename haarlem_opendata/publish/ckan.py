"""Publish a release bundle to CKAN with ckanapi: idempotent, atomic for the public, resumable.

How a release reaches the public (CKAN 2.12):

1. Compare. The public dataset's fields, extras and resources (sha256 in ``hash``) are compared
   with what the bundle says they should be. Nothing differs → no write call at all.
2. Stage. Files whose bytes are not already in the dataset are uploaded as resources of a private
   companion dataset ``<name>--staging`` (a new dataset is itself created private first). Each
   staged upload is downloaded again with the token and its sha256 compared with the bundle.
   Staged resources that already hold the right bytes (from an interrupted run) are reused.
3. Swap. The staging dataset's resource list is emptied (CKAN marks them deleted; their uploaded
   files stay, because CKAN keeps uploads by resource id), then one ``package_update`` on the
   public dataset sets all its fields, ``private: false`` and its complete resource list: kept
   resources by id, and the staged ones by id. CKAN's resource validator only refuses ids of
   *live* resources of another dataset, so the deleted staged resources are moved over and revived
   inside that single database transaction: the public sees the old release or the new one,
   never a mix, and never a half-uploaded file.
4. Clean up. The staging dataset is purged (or, without purge rights, left private and empty).

If the portal goes away anywhere in between, the next run starts again at step 1 and finishes
the job: staged files are reused, the swap happens once, a leftover staging dataset is removed.
Connection errors and 5xx answers are retried with exponential backoff by urllib3's ``Retry`` on
the requests session ckanapi uses. The API token never leaves the ``Authorization`` header:
every error raised from here is rebuilt from a text that has the token masked.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckanapi
import requests

from haarlem_opendata.errors import HaarlemOpendataError, PublishRefused
from haarlem_opendata.http import retrying_session as _session_with_retries
from haarlem_opendata.publish.bundle import Bundle, load_bundle
from haarlem_opendata.publish.ckan_mapping import (
    BUNDLE_PATH_KEY,
    MANAGED_KEY,
    SCHEMA_FIELDS,
    STAGING_FOR_KEY,
    dataset_differences,
    dataset_fields,
    portal_fields,
    resource_fields,
    resource_matches,
    same_file,
)
from haarlem_opendata.publish.previews import ensure_previews, previews_ready
from haarlem_opendata.publish.result import PublishResult

log = logging.getLogger(__name__)

DEFAULT_ORGANIZATION = "gemeente-haarlem"
DEFAULT_ORGANIZATION_TITLE = "Gemeente Haarlem"
STAGING_SUFFIX = "--staging"
USER_AGENT = "haarlem-opendata-publisher"
TIMEOUT = (10, 300)  # connect, read (seconds): uploads of large files take a while
READ_ACTIONS = frozenset(
    {
        "status_show",
        "user_show",
        "organization_show",
        "package_show",
        "resource_show",
        "resource_view_list",
        "datastore_search",
        "scheming_dataset_schema_show",
    }
)
_MASK = "***"
# What the portal must run: the dataset schema (the publisher's fields) and the previews.
REQUIRED_PLUGINS = ("scheming_datasets", "datastore", "datatables_view", "geojson_view")
# package_show keys CKAN computes itself; sent back they would only make the update compare noisy.
_COMPUTED_PACKAGE_KEYS = frozenset(
    {
        "metadata_modified",
        "metadata_created",
        "num_resources",
        "num_tags",
        "organization",
        "relationships_as_object",
        "relationships_as_subject",
        "creator_user_id",
        "state",
    }
)


class PortalError(HaarlemOpendataError):
    """The CKAN portal cannot be used: unreachable, not a CKAN, token refused, or it failed."""


class PortalUnreachable(PortalError):
    """No answer from the portal, even after retries; the next run resumes."""


class PortalNotAuthorized(PortalError):
    """CKAN refused an action for this token."""


def retrying_session(retries: int = 5, backoff_factor: float = 0.5) -> requests.Session:
    """A requests session that retries connection errors and 5xx answers with backoff.

    POST is retried too: every write this publisher makes is safe to repeat (uploads go to the
    private staging dataset and duplicates there are never moved to the public one).
    """
    return _session_with_retries(
        retries=retries,
        read_retries=2,
        backoff_factor=backoff_factor,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=None,
    )


class CkanClient:
    """A thin wrapper around ``RemoteCKAN.call_action``: counts calls and masks the token."""

    def __init__(self, url: str, token: str | None, session: requests.Session):
        self.url = url.rstrip("/")
        self._token = token
        self._session = session
        self._remote = ckanapi.RemoteCKAN(
            self.url, apikey=token, user_agent=USER_AGENT, session=session
        )
        self.calls: list[str] = []
        self.sysadmin = False  # set once the token is known to belong to a sysadmin

    @property
    def write_calls(self) -> int:
        return sum(1 for action in self.calls if action not in READ_ACTIONS)

    def mask(self, text: str) -> str:
        if self._token:
            text = text.replace(self._token, _MASK)
        return text

    def call(
        self, action: str, data: dict[str, Any] | None = None, files: dict | None = None
    ) -> Any:
        self.calls.append(action)
        # Errors are rebuilt from masked text and raised outside the ``except`` blocks, so the
        # original exception (whose text may echo the request) is not even kept as __context__.
        try:
            return self._remote.call_action(
                action, data or {}, files=files, requests_kwargs={"timeout": TIMEOUT}
            )
        except ckanapi.NotFound:
            raise
        except ckanapi.NotAuthorized as exc:
            error = self._error(
                PortalNotAuthorized, f"CKAN weigert {action}: geen toestemming", exc
            )
        except ckanapi.ValidationError as exc:
            error = self._error(PortalError, f"CKAN keurt {action} af", exc)
        except ckanapi.CKANAPIError as exc:
            error = self._error(PortalError, f"CKAN gaf een fout bij {action}", exc)
        except requests.RequestException as exc:
            error = self._error(
                PortalUnreachable, f"CKAN op {self.url} niet bereikbaar bij {action}", exc
            )
        raise error

    def show(self, action: str, ident: str, **options: Any) -> dict[str, Any] | None:
        try:
            return self.call(action, {"id": ident, **options})
        except ckanapi.NotFound:
            return None

    def download_sha256(self, url: str) -> str:
        """Download a resource with the token (staged resources are private) and hash it."""
        headers = {"Authorization": self._token} if self._token else {}
        digest = hashlib.sha256()
        try:
            with self._session.get(url, headers=headers, stream=True, timeout=TIMEOUT) as response:
                status = response.status_code
                if status == 200:
                    for block in response.iter_content(1 << 20):
                        digest.update(block)
        except requests.RequestException as exc:
            error = self._error(
                PortalUnreachable, f"download van {self.mask(url)} mislukt (niet bereikbaar)", exc
            )
        else:
            if status == 200:
                return "sha256:" + digest.hexdigest()
            error = PortalError(f"download van {self.mask(url)} gaf HTTP {status}")
        raise error

    def _error(self, kind: type[Exception], message: str, exc: BaseException) -> Exception:
        detail = self.mask(f"{type(exc).__name__}: {exc}")
        if len(detail) > 600:
            detail = detail[:600] + " …"
        return kind(f"{message} ({detail})")


@dataclass
class _Plan:
    """What one publish has to do, found by comparing the portal with the bundle."""

    desired: dict[str, Any]
    resources: list[dict[str, Any]]  # desired resources, in order
    keep: dict[int, dict[str, Any]] = field(default_factory=dict)  # index -> live resource
    stage: list[int] = field(default_factory=list)  # indexes that need an upload
    in_place: bool = False  # the live resources are exactly the wanted files, in order


class CkanPublisher:
    """Publishes verified release bundles to one CKAN organization."""

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        metadata_dir: Path | str,
        organization: str = DEFAULT_ORGANIZATION,
        organization_title: str = DEFAULT_ORGANIZATION_TITLE,
        portal_base_url: str | None = None,
        session: requests.Session | None = None,
    ):
        if not url or not url.startswith(("http://", "https://")):
            raise PortalError(f"CKAN_URL moet met http:// of https:// beginnen, niet {url!r}")
        self.url = url.rstrip("/")
        self._token = token or None
        self.organization = organization
        self.organization_title = organization_title
        self.portal_base_url = portal_base_url or self.url
        self.metadata_dir = Path(metadata_dir)  # the settings' value lists, for the DONL fields
        self._session = session or retrying_session()

    # -- entry point ------------------------------------------------------------------------------

    def publish(self, bundle_dir: str | Path) -> PublishResult:
        bundle = load_bundle(bundle_dir)  # refuses before anything reaches the network
        client = CkanClient(self.url, self._token, self._session)
        self._check_portal(client)
        org_id = self._ensure_organization(client)
        desired = dataset_fields(
            bundle,
            owner_org=org_id,
            metadata_dir=self.metadata_dir,
            portal_base_url=self.portal_base_url,
        )
        resources = resource_fields(bundle)

        current = client.show("package_show", bundle.name)
        self._refuse_foreign(current, bundle.name)
        staging = client.show("package_show", bundle.name + STAGING_SUFFIX)
        self._refuse_foreign(staging, bundle.name + STAGING_SUFFIX)

        plan = self._plan(desired, resources, current)
        if (
            current is not None
            and plan.in_place
            and not dataset_differences(desired, current)
            and all(resource_matches(resources[i], plan.keep[i]) for i in plan.keep)
            and all(
                previews_ready(client, bundle.file(resources[i][BUNDLE_PATH_KEY]), plan.keep[i])
                for i in plan.keep
            )
        ):
            if staging is not None:  # an interrupted run left it: finish the job
                self._remove_staging(client, staging, emptied=not staging.get("resources"))
            log.info("ckan: %s %s is al gepubliceerd", bundle.name, bundle.version)
            return self._result(client, bundle, current, changed=client.write_calls > 0)

        if current is None:
            current = client.call("package_create", {**desired, "private": True, "resources": []})
            log.info(
                "ckan: %s aangemaakt (privé tot alle bestanden geverifieerd zijn)", bundle.name
            )

        staged: dict[int, dict[str, Any]] = {}
        if plan.stage:
            if staging is None:
                staging = client.call("package_create", self._staging_fields(desired))
            staged = self._stage(client, bundle, plan, staging)
            # Table and view on the private staged copy: they go public with the file, in the swap.
            for index, resource in staged.items():
                item = bundle.file(resources[index][BUNDLE_PATH_KEY])
                staged[index] = ensure_previews(client, bundle, item, resource)
            client.call("package_update", {**staging, "resources": []})
        for index, resource in plan.keep.items():  # already public: same bytes, maybe no preview
            item = bundle.file(resources[index][BUNDLE_PATH_KEY])
            plan.keep[index] = ensure_previews(client, bundle, item, resource)

        final_resources = []
        for index, wanted in enumerate(resources):
            base = plan.keep.get(index) or staged[index]
            final_resources.append({**base, **wanted})
        base = {k: v for k, v in current.items() if k not in _COMPUTED_PACKAGE_KEYS}
        # Fields a release before the portal schema kept as free extras are schema fields now.
        base["extras"] = [e for e in base.get("extras") or [] if e["key"] not in SCHEMA_FIELDS]
        updated = client.call(
            "package_update",
            {
                **base,
                **desired,
                "id": current["id"],
                "private": False,
                "state": "active",
                "resources": final_resources,
            },
        )
        self._verify_public(updated, resources, bundle.name)
        if staging is not None:
            self._remove_staging(client, staging, emptied=True)
        log.info(
            "ckan: %s %s gepubliceerd (%d bestanden geüpload)",
            bundle.name,
            bundle.version,
            len(plan.stage),
        )
        return self._result(client, bundle, updated, changed=True)

    # -- steps ------------------------------------------------------------------------------------

    def _check_portal(self, client: CkanClient) -> None:
        try:
            status = client.call("status_show")
        except PortalUnreachable:
            raise
        except PortalError as exc:
            raise PortalError(
                f"{self.url} is geen CKAN-portal: status_show gaf geen CKAN-antwoord ({exc})"
            ) from None
        except ckanapi.NotFound:
            raise PortalError(f"{self.url} is geen CKAN-portal (geen action API)") from None
        if not isinstance(status, dict) or "ckan_version" not in status:
            raise PortalError(f"{self.url} is geen CKAN-portal (status_show zonder ckan_version)")
        missing = sorted(set(REQUIRED_PLUGINS) - set(status.get("extensions") or []))
        if missing:
            raise PortalError(
                f"{self.url} mist de CKAN-extensies {', '.join(missing)} (datasetschema, "
                "voorbeeldweergaven); zie README, Lokale CKAN. Er is niets geschreven"
            )
        if not self._token:
            raise PortalError(
                "CKAN_API_TOKEN ontbreekt: zonder token kan er niets gepubliceerd worden"
            )
        try:
            me = client.call("user_show")
        except (PortalNotAuthorized, ckanapi.NotFound):
            raise PortalError(
                f"{self.url} accepteert CKAN_API_TOKEN niet (ongeldig of ingetrokken token); "
                "er is niets geschreven"
            ) from None
        client.sysadmin = bool(me.get("sysadmin"))
        log.info(
            "ckan: verbonden met %s (CKAN %s)%s",
            self.url,
            status["ckan_version"],
            " als beheerder" if me.get("sysadmin") else "",
        )

    def _ensure_organization(self, client: CkanClient) -> str:
        org = client.show(
            "organization_show",
            self.organization,
            include_datasets=False,
            include_users=False,
            include_followers=False,
            include_dataset_count=False,
        )
        if org is None:
            fields = {
                "name": self.organization,
                "title": self.organization_title,
                "description": "Open data van de gemeente Haarlem.",
            }
            try:
                org = client.call("organization_create", fields)
                log.info("ckan: organisatie %s aangemaakt", self.organization)
            except PortalError:
                # Datasets are published in parallel: another publisher may have created it
                # between our show and create. Only if it still does not exist is this an error.
                org = client.show(
                    "organization_show",
                    self.organization,
                    include_datasets=False,
                    include_users=False,
                )
                if org is None:
                    raise
        return str(org["id"])

    @staticmethod
    def _refuse_foreign(package: dict[str, Any] | None, name: str) -> None:
        if package is not None and portal_fields(package).get(MANAGED_KEY) != "true":
            raise PublishRefused(
                f"CKAN-dataset {name!r} bestaat al en is niet door deze pijplijn gemaakt "
                f"(veld {MANAGED_KEY!r} ontbreekt); overschrijven geweigerd"
            )

    @staticmethod
    def _plan(
        desired: dict[str, Any], resources: list[dict[str, Any]], current: dict[str, Any] | None
    ) -> _Plan:
        plan = _Plan(desired=desired, resources=resources)
        live = list(current["resources"]) if current else []
        for index, wanted in enumerate(resources):
            match = next((r for r in live if same_file(wanted, r)), None)
            if match is None:
                plan.stage.append(index)
            else:
                plan.keep[index] = match
                live.remove(match)
        if current is not None and not plan.stage:
            kept_ids = [plan.keep[i]["id"] for i in range(len(resources))]
            plan.in_place = kept_ids == [r["id"] for r in current["resources"]]
        return plan

    def _staging_fields(self, desired: dict[str, Any]) -> dict[str, Any]:
        own = {k: v for k, v in desired.items() if k in SCHEMA_FIELDS and k != "uri"}
        return {
            **own,
            STAGING_FOR_KEY: desired["name"],
            "name": desired["name"] + STAGING_SUFFIX,
            "title": f"[voorbereiding] {desired['title']}",
            "notes": (
                "Tijdelijke, besloten voorbereiding van een nieuwe release; wordt na publicatie "
                "verwijderd."
            ),
            "owner_org": desired["owner_org"],
            "private": True,
            "resources": [],
        }

    def _stage(
        self, client: CkanClient, bundle: Bundle, plan: _Plan, staging: dict[str, Any]
    ) -> dict[int, dict[str, Any]]:
        available = [r for r in staging.get("resources") or [] if r.get("url_type") == "upload"]
        staged: dict[int, dict[str, Any]] = {}
        for index in plan.stage:
            wanted = plan.resources[index]
            reuse = next((r for r in available if same_file(wanted, r)), None)
            if reuse is not None:
                available.remove(reuse)
                staged[index] = reuse
                continue
            item = bundle.file(wanted[BUNDLE_PATH_KEY])
            with item.path.open("rb") as handle:
                staged[index] = client.call(
                    "resource_create",
                    {**wanted, "package_id": staging["id"], "url": Path(item.relpath).name},
                    files={"upload": (Path(item.relpath).name, handle)},
                )
        for index, resource in staged.items():
            expected = plan.resources[index]["hash"]
            if client.download_sha256(resource["url"]) != expected:
                # Remove the bad upload so the next run uploads it again.
                client.call("resource_delete", {"id": resource["id"]})
                raise PortalError(
                    f"CKAN bewaarde {plan.resources[index][BUNDLE_PATH_KEY]} niet ongeschonden "
                    "(sha256 wijkt af); er is niets openbaar gemaakt"
                )
        return staged

    @staticmethod
    def _verify_public(package: dict[str, Any], resources: list[dict[str, Any]], name: str) -> None:
        got = [
            (r.get(BUNDLE_PATH_KEY), r.get("hash"), r.get("url_type")) for r in package["resources"]
        ]
        want = [(r[BUNDLE_PATH_KEY], r["hash"], "upload") for r in resources]
        if got != want or package.get("private") or package.get("state") != "active":
            raise PortalError(
                f"CKAN-dataset {name!r} heeft na bijwerken niet de verwachte bestanden"
            )

    @staticmethod
    def _remove_staging(client: CkanClient, staging: dict[str, Any], emptied: bool) -> None:
        if client.sysadmin:
            try:
                client.call("dataset_purge", {"id": staging["id"]})
                return
            except ckanapi.NotFound:
                return  # already gone (a retried purge whose first answer was lost)
            except PortalNotAuthorized:
                pass
        # Only a sysadmin may purge. Emptied and private, the staging dataset harms no one and
        # the next release reuses it; leaving it costs no write call on a no-op run.
        if not emptied:
            client.call("package_update", {**staging, "resources": []})
        log.info("ckan: voorbereidingsdataset %s blijft besloten en leeg staan", staging["name"])

    def _result(
        self, client: CkanClient, bundle: Bundle, package: dict[str, Any], changed: bool
    ) -> PublishResult:
        return PublishResult(
            portal="ckan",
            dataset=bundle.name,
            version=bundle.version,
            dataset_url=f"{self.url}/dataset/{bundle.name}",
            resource_urls={
                r[BUNDLE_PATH_KEY]: r["url"] for r in package["resources"] if r.get(BUNDLE_PATH_KEY)
            },
            resource_hashes=bundle.content_hashes(),
            changed=changed,
            write_calls=client.write_calls,
            actions=tuple(a for a in client.calls if a not in READ_ACTIONS),
        )


def publish_ckan(
    bundle_dir: str | Path,
    url: str,
    token: str | None,
    *,
    metadata_dir: Path | str,
    organization: str = DEFAULT_ORGANIZATION,
    session: requests.Session | None = None,
) -> PublishResult:
    """One publish with a fresh :class:`CkanPublisher` (for scripts and the CLI)."""
    publisher = CkanPublisher(
        url, token, metadata_dir=metadata_dir, organization=organization, session=session
    )
    return publisher.publish(bundle_dir)
