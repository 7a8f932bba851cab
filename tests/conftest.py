import pytest

from khaldun import Extractor

# the tiers beyond the default fast one (pyproject.toml declares them); `pytest --all-tiers` runs them all, as .ci/run does
TIERS = ("slow", "browser", "postgres", "multiproc", "fuzz")


def pytest_addoption(parser):
    parser.addoption("--all-tiers", action="store_true", default=False,
                     help=f"run every tier ({', '.join(TIERS)}), not only the fast one: what .ci/run does")


def pytest_collection_modifyitems(config, items):
    """A test on PostgreSQL (its fixture, or a 'postgresql' parameter) is in the postgres tier; without --all-tiers
    (or a -m expression of one's own) only the fast tier runs."""
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()) or "[postgresql" in item.nodeid:
            item.add_marker(pytest.mark.postgres)
    if config.getoption("--all-tiers") or config.option.markexpr:
        return
    keep = [i for i in items if not any(i.get_closest_marker(t) for t in TIERS)]
    if len(keep) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def extractor():
    return Extractor()


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL database on the server KHALDUN_TEST_POSTGRES names (.ci/run starts one), dropped after."""
    import os
    import uuid

    url = os.environ.get("KHALDUN_TEST_POSTGRES")
    if not url:
        pytest.skip("KHALDUN_TEST_POSTGRES is not set (.ci/run starts PostgreSQL and sets it)")
    from sqlalchemy import create_engine, text

    from khaldun.ledger.store import database_url

    admin = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    name = f"khaldun_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"{url.rsplit('/', 1)[0]}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()
