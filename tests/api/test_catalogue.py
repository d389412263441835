"""The DCAT-AP catalogue describes every dataset, in Polish and English, with a licence,
a publisher, a modification date and distributions whose addresses work."""

import io

import pytest
from openpyxl import load_workbook

from pim.open_data import DATASETS
from tests.api.conftest import API, COLLECTIONS

pytestmark = pytest.mark.django_db

CATALOGUE = f"{API}catalogue.jsonld"


@pytest.fixture
def catalogue(client):
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def test_the_catalogue_lists_every_collection_and_every_surveys_results(catalogue, pilot_survey):
    identifiers = {dataset["dct:identifier"] for dataset in catalogue["dcat:dataset"]}
    assert set(COLLECTIONS) <= identifiers
    assert f"survey-results-{pilot_survey.edition.slug}-{pilot_survey.slug}" in identifiers
    assert len(identifiers) == len(DATASETS) + 1


def test_every_dataset_is_described_in_polish_and_english_with_licence_publisher_and_date(
    catalogue, settings
):
    assert catalogue["@type"] == "dcat:Catalog"
    for dataset in [catalogue, *catalogue["dcat:dataset"]]:
        for key in ("dct:title", "dct:description"):
            assert {text["@language"] for text in dataset[key]} == {"pl", "en"}, dataset.get("@id")
            assert all(text["@value"].strip() for text in dataset[key])
        assert dataset["dct:license"] == {"@id": settings.OPEN_DATA_LICENCE_URL}
        assert dataset["dct:publisher"]["foaf:name"] == settings.OPEN_DATA_PUBLISHER_NAME
        assert dataset["dct:modified"]["@type"] == "xsd:dateTime"


def test_every_distribution_url_answers_with_the_media_type_it_names(client, catalogue):
    checked = 0
    for dataset in catalogue["dcat:dataset"]:
        assert dataset["dcat:distribution"], dataset["dct:identifier"]
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith("http://testserver/")
            response = client.get(url.removeprefix("http://testserver"))
            assert response.status_code == 200, url
            media_type = distribution["dcat:mediaType"]["@id"].rsplit("media-types/", 1)[1]
            assert response["Content-Type"].split(";")[0] == media_type, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if media_type == "text/csv":
                assert body.decode("utf-8-sig").count("\n") >= 2, url  # a header and rows
            elif media_type.endswith("sheet"):
                assert len(list(load_workbook(io.BytesIO(body)).active.iter_rows())) >= 2, url
            checked += 1
    assert checked >= 3 * len(DATASETS)


def test_the_licence_is_a_setting(client, settings):
    settings.OPEN_DATA_LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
    body = client.get(CATALOGUE).json()
    assert body["dct:license"]["@id"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_the_pages_and_the_api_docs_link_the_catalogue(client):
    assert "/api/v1/catalogue.jsonld" in client.get(f"{API}schema/", {"format": "json"}).content.decode()
    assert "/api/v1/catalogue.jsonld" in client.get("/czlonkowie/").content.decode()
