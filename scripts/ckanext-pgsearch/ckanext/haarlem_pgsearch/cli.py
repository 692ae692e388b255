"""`ckan haarlem-local bootstrap`: schema, sysadmin and API token in one go.

scripts/ckan-local needs all three on every fresh start; as separate CKAN
commands (`db init`, `sysadmin add`, `user token add`) each pays CKAN's
start-up again, which dominates a fresh start on a busy 2-core machine.
Uses CKAN's own migration command and actions; prints only the token (for
the script to write into its mode-600 env file).
"""

from __future__ import annotations

import secrets

import click
from ckan import logic, model
from ckan.cli import db as db_cli


@click.group("haarlem-local", short_help="Local test CKAN helpers (scripts/ckan-local).")
def haarlem_local() -> None:
    pass


@haarlem_local.command("bootstrap")
@click.argument("username")
@click.option("--token-name", default="ckan-local")
@click.pass_context
def bootstrap(ctx: click.Context, username: str, token_name: str) -> None:
    """Migrate the database, create sysadmin USERNAME and print a new API token."""
    ctx.invoke(db_cli.upgrade, version="head", plugin=None, skip_core=False, skip_plugins=False)
    if model.User.by_name(username) is None:
        site_user = logic.get_action("get_site_user")({"ignore_auth": True}, {})
        with ctx.meta["flask_app"].test_request_context():
            logic.get_action("user_create")(
                {"ignore_auth": True, "user": site_user["name"]},
                {
                    "name": username,
                    "email": f"{username}@localhost",
                    "fullname": "Lokale beheerder",
                    "password": secrets.token_urlsafe(24),
                },
            )
    user = model.User.by_name(username)
    assert user is not None
    user.sysadmin = True
    model.Session.add(user)
    model.repo.commit_and_remove()
    token = logic.get_action("api_token_create")(
        {"ignore_auth": True}, {"user": username, "name": token_name}
    )["token"]
    click.echo(token)
