import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar", "zh-hans", "sw"])
def test_home_page_answers_in_each_language_without_cookie(client: Client, language: str) -> None:
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert not response.cookies
