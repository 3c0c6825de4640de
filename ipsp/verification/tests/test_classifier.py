# ruff: noqa: RUF001  (Chinese punctuation in sample texts)
from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from ipsp.verification import classifier
from ipsp.verification.models import ClassifierModel, ExampleSource, TrainingExample
from ipsp.verification.services import classifier_train, level1_check, training_example_add
from ipsp.verification.tests.helpers import make_submission
from ipsp.verification.textutil import tokens

pytestmark = pytest.mark.django_db

HAM_FR = [
    "Notre coopérative accompagne les femmes rurales vers l'accès à l'eau potable à Dakar.",
    "Des pairs formés rendent visite aux familles et les orientent vers les services publics.",
    "Le budget participatif du quartier est décidé en assemblée ouverte chaque trimestre.",
]
SPAM_FR = [
    "Achetez viagra pas cher sur notre site, livraison rapide et remise aujourd'hui !",
    "Gagnez 300 € par jour depuis chez vous, contactez-nous sur WhatsApp vite.",
    "Meilleur bonus de casino, cliquez ici pour gagner gros maintenant.",
]
HAM_ZH = [
    "我们每周组织农村妇女和街道工作人员开会，共同设计解决办法。",
    "项目把小额资助和陪伴式辅导结合起来。",
]
SPAM_ZH = ["立即购买减肥药，全国包邮，最低价保证。", "网上赌场注册送红包，点击领取优惠。"]


def _add(texts: list[str], language: str, label: str, times: int = 4) -> None:
    for round_ in range(times):
        for text in texts:
            TrainingExample.objects.create(
                text=f"{text} {round_}", language=language, label=label, source="secretariat"
            )


def test_chinese_is_cut_into_character_bigrams_and_links_into_domains() -> None:
    found = tokens("在成都 https://www.example.org/a")

    assert "成都" in found and "在成" in found
    assert "__domain:example.org" in found


def test_scripts_without_spaces_and_words_with_spaces_mix_in_one_text() -> None:
    found = tokens("Kisumu ยินดีต้อนรับ water")

    assert "kisumu" in found and "water" in found
    assert "ยิ" in found  # Thai is cut into bigrams too


def test_a_model_trained_per_language_tells_spam_from_legitimate_text() -> None:
    _add(HAM_FR, "fr", "ham")
    _add(SPAM_FR, "fr", "spam")
    _add(HAM_ZH, "zh-hans", "ham", times=6)
    _add(SPAM_ZH, "zh-hans", "spam", times=6)

    summary = classifier_train(seed_corpus=False)

    assert summary["fr"] == 24 and summary["zh"] == 24 and summary["*"] == 48
    fr_spam = classifier.spam_probability("Remise sur le viagra, livraison rapide", "fr")
    fr_ham = classifier.spam_probability("Les femmes rurales et l'eau potable à Dakar", "fr")
    zh_spam = classifier.spam_probability("减肥药最低价，点击领取", "zh-hans")
    zh_ham = classifier.spam_probability("农村妇女共同设计解决办法", "zh")
    assert fr_spam is not None and fr_spam[0] == "fr" and fr_spam[1] > 0.9
    assert fr_ham is not None and fr_ham[1] < 0.1
    assert zh_spam is not None and zh_spam[0] == "zh" and zh_spam[1] > 0.9
    assert zh_ham is not None and zh_ham[1] < 0.1


def test_a_language_with_few_examples_uses_the_model_of_every_language() -> None:
    _add(HAM_FR, "fr", "ham")
    _add(SPAM_FR, "fr", "spam")
    TrainingExample.objects.create(text="un seul exemple", language="ht", label="ham", source="x")
    classifier_train(seed_corpus=False)

    result = classifier.spam_probability("Achetez viagra pas cher", "ht")

    assert result is not None and result[0] == "*"


def test_the_classifier_score_joins_the_other_signals() -> None:
    _add(HAM_FR, "fr", "ham")
    _add(SPAM_FR, "fr", "spam")
    classifier_train(seed_corpus=False)

    outcome = level1_check(
        make_submission(
            language="fr", title="Casino", texts=("Meilleur bonus de casino, cliquez ici !",)
        )
    )

    signal = next(s for s in outcome.signals if s.code == "classifier")
    assert signal.score > 6
    assert "(fr)" in signal.detail
    assert outcome.decision != "pass"


def test_the_model_is_stored_as_json_counts_and_reloaded_after_retraining() -> None:
    _add(HAM_FR, "fr", "ham")
    _add(SPAM_FR, "fr", "spam")
    classifier_train(seed_corpus=False)
    stored = ClassifierModel.objects.get(language="fr")
    assert stored.data["docs"] == {"ham": 12, "spam": 12}
    first = classifier.stored_models({"fr"})["fr"]
    assert classifier.stored_models({"fr"})["fr"] is first  # cached in the process

    classifier_train(seed_corpus=False)

    assert classifier.stored_models({"fr"})["fr"] is not first


def test_a_new_example_retrains_the_classifier_in_the_background(
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        training_example_add(text="Achetez viagra", language="fr", label="spam")

    assert ClassifierModel.objects.filter(language="*").exists()
    # training seeds the shipped corpus the first time
    assert TrainingExample.objects.filter(source=ExampleSource.CORPUS).count() > 500


def test_the_command_trains_from_the_shipped_corpus() -> None:
    out = StringIO()
    call_command("train_spam_classifier", stdout=out)

    assert "Spam classifier trained." in out.getvalue()
    for language in ["en", "fr", "es", "pt", "sw", "ar", "zh", "ru", "hi"]:
        model = ClassifierModel.objects.get(language=language)
        assert model.data["docs"]["ham"] >= 20 and model.data["docs"]["spam"] >= 20
    spam = classifier.spam_probability("Купить дешёвая виагра сейчас, скидка 70%", "ru")
    assert spam is not None and spam[1] > 0.9
