import pytest
from embed_site import build


@pytest.fixture(scope="module")
def es(tmp_path_factory):
    """One live site with processed clips for the whole module."""
    es = build(tmp_path_factory.mktemp("embed"))
    yield es
    es.site.close()
