"""The frame every page shares: language prefixes, right-to-left, compression, headers."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LANGS = ["en", "fr", "es", "pt", "ar", "sw", "ko"]


def test_root_redirects_to_the_browser_language(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/pt/"


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_its_prefix_and_direction(client: Client, lang: str) -> None:
    page = client.get(f"/{lang}/").content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    for other in LANGS:  # crawlers find every language of the page
        assert f'hreflang="{other}" href="/{other}/"' in page


def test_pages_are_compressed_with_brotli_or_gzip(client: Client) -> None:
    plain = client.get("/en/").content
    br = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == plain
    gz = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, br;q=0")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain
    assert "Accept-Encoding" in gz["Vary"]


def test_conditional_get_answers_304(client: Client) -> None:
    first = client.get("/en/", HTTP_ACCEPT_ENCODING="br")
    again = client.get("/en/", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_pages_refuse_framing_and_sniffing(client: Client) -> None:
    response = client.get("/en/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
