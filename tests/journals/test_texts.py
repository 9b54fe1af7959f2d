from sankofa.journals.texts import localized


def test_localized_prefers_the_language_then_its_base_then_primary() -> None:
    texts = {"en": "Rain", "fr": "Pluie", "pt-BR": "Chuva"}
    assert localized(texts, "fr") == "Pluie"
    assert localized(texts, "fr-CA") == "Pluie"
    assert localized(texts, "pt") == "Chuva"
    assert localized(texts, "ar", primary="fr") == "Pluie"
    assert localized({"sw": " ", "ko": "비"}, "sw", primary="en") == "비"
    assert localized({}, "en") == ""
