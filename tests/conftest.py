import pytest

from khaldun import Extractor


@pytest.fixture(scope="session")
def extractor():
    return Extractor()
