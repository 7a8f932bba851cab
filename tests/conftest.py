import pytest

from khaldun import Extractor


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

    from khaldun.store import database_url

    admin = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    name = f"khaldun_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"{url.rsplit('/', 1)[0]}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()
