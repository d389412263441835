import pytest


@pytest.fixture
def pgdata(tmp_path):
    return tmp_path / "pgdata"
