"""The Celery app a ``haarlem-opendata werker`` runs: Dagster's own step task, our broker.

dagster-celery ships the task that executes one Dagster step (:func:`dagster_celery.tasks.
create_task`); this module only points it at the broker and result backend from the settings,
as its docs describe for a custom broker. A worker is an entry point: it builds the settings from
its environment, which must name the same folders (and Dagster instance) as the process that
launches the run.
"""

from __future__ import annotations

from dagster_celery.config import DEFAULT_CONFIG
from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from haarlem_opendata.settings import Settings

_settings = Settings()

app = make_app({"broker": _settings.celery_broker, "backend": _settings.celery_backend})
app.conf.update(DEFAULT_CONFIG)
execute_plan = create_task(app)
