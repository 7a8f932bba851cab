"""Alembic environment: khaldun runs migrations itself (``Store.migrate``) on a connection it passes in."""
from alembic import context

from khaldun.ledger.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: -x url=... names the database
    from sqlalchemy import create_engine

    from khaldun.ledger.store import database_url

    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("give the database: alembic -x url=khaldun.db upgrade head")
    with create_engine(database_url(url)).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    context.run_migrations()
