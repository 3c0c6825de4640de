"""Issue 3's browser journey: a new contributor registers an initiative with the full
form, in English and in Arabic, gets the access token once (and downloads it), the
secretariat publishes it, the contributor signs in with the token in a fresh browser,
edits it, and sees the edit pending while the published version stays public.

Also: a double click or a replay of the registration form creates one initiative.

Every page of the journey passes axe-core, asks nothing of another origin, and the
visitor's browser holds no cookie until the first save signs the contributor in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import STAFF_PASSWORD, make_staff
from ipsp.accounts import roles
from ipsp.accounts.tests.helpers import current_code, make_device
from ipsp.actors.models import Actor, normalise_name
from ipsp.initiatives import services
from ipsp.initiatives.models import Initiative, InitiativeVersion
from ipsp.taxonomy.models import Term
from ipsp.verification.level2 import CHECKLIST_KEYS
from ipsp.verification.models import QueueItem
from tests.browser.conftest import ONLY_OTHER_HOSTS
from tests.browser.helpers import (
    DESKTOP,
    RequestLog,
    assert_accessible,
    assert_no_cookies,
    assert_only_own_origin,
)

SESSION_COOKIE = "ipsp_session"
KNOWN_ACTOR = "Maji Safi Collective"
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:04.000\nWelcome to the water kiosk of Kibera.\n\n"
    "00:00:04.000 --> 00:00:09.000\nEvery litre is sold at cost, paid by phone.\n"
)

# What a contributor types, in the language of the journey.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Solar water kiosks run by women's groups",
        "new_title": "Solar water kiosks run by women's cooperatives",
        "summary": (
            "Women's groups run solar-powered kiosks that sell clean drinking water at cost "
            "in the informal settlements of Nairobi and Mombasa."
        ),
        "holders": "Wanjiru Kamau\nAchieng Otieno",
        "new_organisation": "Kibera Water Women",
        "problem": (
            "Households in informal settlements pay **ten times more** for water than "
            "connected homes, and often get it dirty."
        ),
        "new_problem": (
            "Households in informal settlements pay **twelve times more** for water than "
            "connected homes, and often get it dirty."
        ),
        "approach": (
            "- kiosks owned by *women's groups*\n- payment by mobile phone\n- solar pumps"
        ),
        "success": "We measure the price per litre and water-borne illness **every month**.",
        "replication": "Twelve towns adopted the model; it needs a borehole and a group.",
        "externalities": "Plastic waste is collected at each kiosk and sold for recycling.",
        "city": "Mombasa",
        "place_country": "KE",
        "text_language": "en",
    },
    "ar": {
        "title": "أكشاك مياه تعمل بالطاقة الشمسية تديرها مجموعات نسائية",
        "new_title": "أكشاك مياه تعمل بالطاقة الشمسية تديرها تعاونيات نسائية",
        "summary": (
            "تدير مجموعات نسائية أكشاكا تعمل بالطاقة الشمسية تبيع مياه الشرب النظيفة بسعر "
            "التكلفة في الأحياء العشوائية في القاهرة والإسكندرية."
        ),
        "holders": "فاطمة الزهراء\nمريم حسن",
        "new_organisation": "جمعية نساء المياه",
        "problem": (
            "تدفع الأسر في الأحياء العشوائية **عشرة أضعاف** ما تدفعه البيوت الموصولة "
            "بالشبكة، وغالبا ما تكون المياه ملوثة."
        ),
        "new_problem": (
            "تدفع الأسر في الأحياء العشوائية **اثني عشر ضعفا** ما تدفعه البيوت الموصولة "
            "بالشبكة، وغالبا ما تكون المياه ملوثة."
        ),
        "approach": "- أكشاك تملكها *مجموعات نسائية*\n- الدفع بالهاتف المحمول\n- مضخات شمسية",
        "success": "نقيس سعر اللتر والأمراض المنقولة بالمياه **كل شهر**.",
        "replication": "اعتمدت اثنتا عشرة مدينة هذا النموذج؛ يحتاج إلى بئر ومجموعة.",
        "externalities": "تجمع النفايات البلاستيكية عند كل كشك وتباع لإعادة التدوير.",
        "city": "القاهرة",
        "place_country": "EG",
        "text_language": "ar",
    },
}


# --- browser contexts -------------------------------------------------------------------


def open_context(
    browser: Browser,
    requests_seen: RequestLog,
    console_errors: list[str],
    *,
    javascript: bool = True,
) -> BrowserContext:
    """A fresh browser (no cookie, nothing cached), recorded like the ``context`` fixture."""
    context = browser.new_context(
        viewport=DESKTOP, locale="en-GB", java_script_enabled=javascript, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    context.on("request", lambda request: requests_seen.entries.append((request.url, "")))

    def on_page(page: Page) -> None:
        page.on(
            "console",
            lambda message: (
                console_errors.append(f"{page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: console_errors.append(f"{page.url}: {error}"))

    context.on("page", on_page)
    context.route(ONLY_OTHER_HOSTS, lambda route: route.abort("blockedbyclient"))
    return context


@pytest.fixture
def fresh_context(
    browser: Browser, requests_seen: RequestLog, console_errors: list[str]
) -> Iterator[Callable[..., BrowserContext]]:
    """Opens further fresh browsers during a test, and closes them at its end."""
    opened: list[BrowserContext] = []

    def open_one(**kwargs: Any) -> BrowserContext:
        context = open_context(browser, requests_seen, console_errors, **kwargs)
        opened.append(context)
        return context

    yield open_one
    for context in opened:
        context.close()


# --- checks every page gets ------------------------------------------------------------------


def check_page(
    page: Page, language: str, origin: str, requests_seen: RequestLog, *, axe: bool = True
) -> None:
    """The page is in the right language and direction, accessible, and stayed on our origin.

    axe-core runs in the page, so ``axe=False`` for a browser without JavaScript.
    """
    page.wait_for_load_state("load")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    if axe:
        assert_accessible(page)
    assert_only_own_origin(requests_seen, origin)


def assert_only_the_session_cookie(context: BrowserContext) -> None:
    names = sorted(cookie["name"] for cookie in context.cookies())
    assert names == [SESSION_COOKIE], f"The browser holds these cookies: {names}"


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def first_code(vocabulary: str) -> str:
    term = Term.objects.active().of(vocabulary).order_by("pk").first()
    assert term is not None, f"the taxonomy has no {vocabulary}"
    return term.code


# --- the set-up the journey needs ------------------------------------------------------------


def published_actor(name: str) -> Actor:
    """An organisation already in the directory, so the form can suggest it."""
    return Actor.objects.create(
        name=name, normalised_name=normalise_name(name), state=Actor.State.PUBLISHED
    )


def secretariat_with_authenticator() -> Any:
    user = make_staff(roles.SECRETARIAT, "amina.secretariat@example.org")
    return user, make_device(user)


# --- filling the full form ----------------------------------------------------------------


def fill_the_full_form(page: Page, language: str, texts: dict[str, str]) -> None:
    """Every section of the full form, with the controls a person uses."""
    page.fill("#id_title", texts["title"])
    page.fill("#id_summary", texts["summary"])
    page.select_option("#id_language", texts["text_language"])

    page.fill("#id_holders", texts["holders"])
    # A new organisation typed by hand…
    page.fill("#id_organisations-0-name", texts["new_organisation"])
    # …and one picked from the suggestions of the directory.
    second = page.locator("#id_organisations-1-name")
    second.press_sequentially("maji saf", delay=20)
    suggestion = page.locator("#actor-suggestions option").first
    suggestion.wait_for(state="attached")
    assert suggestion.get_attribute("value") == KNOWN_ACTOR
    second.fill(suggestion.get_attribute("value") or "")

    for name in ("problem", "approach", "success", "replication", "externalities"):
        page.fill(f"#id_{name}", texts[name])

    page.check(f"input[name=agenda][value='{first_code('agenda')}']")
    page.check(f"input[name=themes][value='{first_code('theme')}']")
    page.check("input[name=sdgs][value='6']")
    page.check("input[name=sdgs][value='5']")
    page.select_option("#id_disciplines", first_code("discipline"))
    page.check(f"input[name=project_types][value='{first_code('project_type')}']")
    page.check(f"input[name=activity_types][value='{first_code('activity_type')}']")

    page.select_option("#id_countries", [texts["place_country"], "KE"])
    page.fill("#id_places-0-name", texts["city"])
    page.select_option("#id_places-0-country", texts["place_country"])

    page.fill("#id_start_date", "2019-03-01")
    page.select_option("#id_project_status", "active")

    page.check("input[name=evidence_level][value=monitored]")
    page.fill("#id_evidence-0-url", "https://example.org/kiosks/monitoring-2024.pdf")
    page.fill("#id_evidence-0-title", "Monitoring report 2024")
    page.fill("#id_resources-0-url", "https://example.org/kiosks/handbook")
    page.fill("#id_resources-0-title", "Kiosk handbook")
    page.fill("#id_resources-1-url", "https://example.org/kiosks/budget.ods")
    page.fill("#id_resources-1-title", "Budget of a kiosk")
    page.fill("#id_video_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")

    page.fill("#id_contact_email", f"kiosks-{language}@example.org")
    page.check("#id_contact_consent")


def add_another_resource(page: Page) -> None:
    """ "Add another resource" gives more rows and keeps what was typed."""
    rows = page.locator("input[name^=resources-][name$=-url]").count()
    page.click("button[name=add_resources]")
    page.wait_for_load_state("load")
    assert page.locator("input[name^=resources-][name$=-url]").count() > rows
    assert page.input_value("#id_resources-0-url") == "https://example.org/kiosks/handbook"
    page.fill(f"#id_resources-{rows}-url", "https://example.org/kiosks/photos")
    page.fill(f"#id_resources-{rows}-title", "Photos of the kiosks")


# --- the journey ------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_new_contributor_registers_gets_a_token_and_edits_while_the_published_version_stays(
    transactional_db: None,
    taxonomy: None,
    language: str,
    live_server: Any,
    page: Page,
    context: BrowserContext,
    fresh_context: Callable[..., BrowserContext],
    requests_seen: RequestLog,
    console_errors: list[str],
) -> None:
    origin = live_server.url
    texts = TEXTS[language]
    published_actor(KNOWN_ACTOR)
    staff, device = secretariat_with_authenticator()

    # 1. A visitor opens the full form: no cookie yet.
    page.goto(f"{origin}/{language}/initiatives/new/full/")
    check_page(page, language, origin, requests_seen)
    assert_no_cookies(context)

    fill_the_full_form(page, language, texts)
    add_another_resource(page)
    assert_no_cookies(context)
    check_page(page, language, origin, requests_seen)
    page.set_input_files(
        "#id_transcript",
        files=[{"name": "kiosks.vtt", "mimeType": "text/vtt", "buffer": CAPTIONS.encode()}],
    )
    page.click("button[name=preview]")
    page.wait_for_load_state("load")

    # The token is shown once; the contributor downloads it.
    token_field = page.locator("#token-once-value")
    raw = token_field.input_value()
    assert raw.startswith("ipsp-")
    check_page(page, language, origin, requests_seen)
    with page.expect_download() as download_info:
        page.locator("form[action$='/my/token-file/'] button").click()
    download = download_info.value
    assert download.suggested_filename == "ipsp-access-token.txt"
    token_file = download.path()
    assert raw in token_file.read_text(encoding="utf-8").splitlines()
    # Saving signed the contributor in: one cookie, the session, and nothing else.
    assert_only_the_session_cookie(context)

    initiative = Initiative.objects.get()
    pid = initiative.public_id
    version = initiative.pending_version
    assert version is not None and version.title == texts["title"]
    assert version.transcript_text and "sold at cost" in version.transcript_text
    assert version.holders == texts["holders"].splitlines()
    assert version.places.get().country_code == texts["place_country"]
    assert version.links.count() == 4
    assert sorted(row.actor.name for row in version.organisations.all()) == sorted(
        [texts["new_organisation"], KNOWN_ACTOR]
    )
    assert initiative.contact_email == f"kiosks-{language}@example.org"
    assert initiative.contact_consent_text

    # The preview the contributor asked for is one click away, then submission.
    page.locator(f"main a[href$='/initiatives/{pid}/preview/']").click()
    page.wait_for_load_state("load")
    check_page(page, language, origin, requests_seen)
    assert page.locator("article h1").inner_text() == texts["title"]
    assert page.locator("article strong").first.is_visible()
    page.locator(f"form[action$='/initiatives/{pid}/submit/'] button").click()
    page.wait_for_load_state("load")
    check_page(page, language, origin, requests_seen)
    initiative.refresh_from_db()
    # Level 1 of verification passed it on: it waits for the secretariat.
    assert initiative.state == Initiative.State.IN_VALIDATION
    assert_only_the_session_cookie(context)

    # 2. The secretariat publishes it: through the queue in English, the service in Arabic.
    item = QueueItem.objects.get(entry_public_id=pid, decided_at=None)
    if language == "en":
        staff_page = fresh_context().new_page()
        staff_page.goto(f"{origin}/{language}/staff/sign-in/")
        check_page(staff_page, language, origin, requests_seen)
        staff_page.fill("#id_email", staff.email)
        staff_page.fill("#id_password", STAFF_PASSWORD)
        staff_page.fill("#id_otp_token", current_code(device))
        staff_page.locator("main button[type=submit]").click()
        staff_page.wait_for_load_state("load")
        staff_page.goto(f"{origin}/{language}/staff/queue/")
        check_page(staff_page, language, origin, requests_seen)
        staff_page.locator(f"a[href$='/staff/queue/{item.public_id}/']").click()
        staff_page.wait_for_load_state("load")
        check_page(staff_page, language, origin, requests_seen)
        assert staff_page.locator("h1").inner_text() == texts["title"]
        for key in CHECKLIST_KEYS:
            staff_page.locator(f"#id_{key}").check()
        staff_page.locator("button[name=decision][value=publish]").click()
        staff_page.wait_for_load_state("load")
        check_page(staff_page, language, origin, requests_seen)
        assert staff_page.locator(f"a[href$='/staff/queue/{item.public_id}/']").count() == 0
    else:
        initiative.refresh_from_db()
        services.initiative_publish(initiative=initiative, by=staff)
    initiative.refresh_from_db()
    assert initiative.state == Initiative.State.PUBLISHED

    visitor = fresh_context().new_page()
    visitor.goto(f"{origin}/{language}/initiatives/{pid}/")
    check_page(visitor, language, origin, requests_seen)
    assert visitor.locator("h1").inner_text() == texts["title"]
    assert_no_cookies(visitor.context)

    # 3. A fresh browser signs in with the token: pasted in English, the file in Arabic.
    contributor = fresh_context().new_page()
    contributor.goto(f"{origin}/{language}/my/sign-in/")
    check_page(contributor, language, origin, requests_seen)
    assert_no_cookies(contributor.context)
    if language == "en":
        contributor.fill("#id_access_token", raw)
    else:
        contributor.set_input_files("#id_token_file", str(token_file))
    contributor.locator("main form button[type=submit]").click()
    contributor.wait_for_load_state("load")
    assert contributor.url.endswith(f"/{language}/my/")
    check_page(contributor, language, origin, requests_seen)
    assert_only_the_session_cookie(contributor.context)
    entries = contributor.locator("section[aria-labelledby='my-initiatives-title']")
    assert texts["title"] in entries.inner_text()

    contributor.locator(f"a[href$='/initiatives/{pid}/edit/']").click()
    contributor.wait_for_load_state("load")
    check_page(contributor, language, origin, requests_seen)
    assert contributor.input_value("#id_title") == texts["title"]
    contributor.fill("#id_title", texts["new_title"])
    contributor.fill("#id_problem", texts["new_problem"])
    contributor.click("button[name=submit]")
    contributor.wait_for_load_state("load")
    check_page(contributor, language, origin, requests_seen)
    awaits = translated(language, "an edit awaits validation")
    assert awaits in contributor.locator("main").inner_text()

    # The published version stays public…
    visitor.reload()
    check_page(visitor, language, origin, requests_seen)
    assert visitor.locator("h1").inner_text() == texts["title"]
    assert texts["new_title"] not in visitor.locator("main").inner_text()
    assert_no_cookies(visitor.context)
    # …while "My entries" shows the new version, pending validation.
    contributor.goto(f"{origin}/{language}/my/")
    check_page(contributor, language, origin, requests_seen)
    row = contributor.locator("section[aria-labelledby='my-initiatives-title'] tbody tr")
    assert row.count() == 1
    assert texts["new_title"] in row.inner_text()
    assert awaits in row.inner_text()

    initiative.refresh_from_db()
    assert initiative.published_version is not None
    assert initiative.published_version.title == texts["title"]
    assert initiative.pending_version is not None
    assert initiative.pending_version.state == InitiativeVersion.State.SUBMITTED
    assert initiative.pending_version.title == texts["new_title"]

    assert_only_own_origin(requests_seen, origin)
    assert not [error for error in console_errors if "Content Security Policy" in error], (
        console_errors
    )
    assert not console_errors, console_errors


# --- double submission ------------------------------------------------------------------------


def fill_the_quick_form(page: Page, title: str) -> None:
    page.fill("#id_title", title)
    page.fill("#id_organisation", "Kibera Water Women")
    page.select_option("#id_country", "KE")
    page.fill("#id_summary", "Women's groups sell clean water at cost in Nairobi.")


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_double_click_or_a_replay_of_the_quick_form_creates_one_initiative(
    transactional_db: None,
    taxonomy: None,
    javascript: bool,
    live_server: Any,
    fresh_context: Callable[..., BrowserContext],
    requests_seen: RequestLog,
) -> None:
    origin = live_server.url
    title = f"Water kiosks, sent twice ({'with' if javascript else 'without'} JavaScript)"
    page = fresh_context(javascript=javascript).new_page()
    page.goto(f"{origin}/en/initiatives/new/")
    check_page(page, "en", origin, requests_seen, axe=javascript)
    fill_the_quick_form(page, title)
    sent: list[Any] = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" else None)
    page.locator("form[data-single-submit] button[type=submit]").dblclick()
    page.wait_for_selector("#token-once-value")
    assert len(sent) == 1 if javascript else len(sent) >= 1
    assert Initiative.objects.filter(versions__title=title).distinct().count() == 1

    # The very same request sent again (a replay, or "resend" after going back): the
    # contributor lands on what the first one created, and there is still one initiative.
    first = sent[0]
    replay = page.request.post(
        first.url,
        data=first.post_data_buffer,
        headers={
            "Content-Type": first.headers["content-type"],
            "Origin": origin,
            "Sec-Fetch-Site": "same-origin",
        },
        max_redirects=0,
    )
    initiative = Initiative.objects.get(versions__title=title)
    assert replay.status in {302, 303}, (replay.status, replay.text()[:3000])
    assert replay.headers["location"].endswith(f"/initiatives/{initiative.public_id}/edit/")
    assert Initiative.objects.filter(versions__title=title).distinct().count() == 1
    assert_only_own_origin(requests_seen, origin)


@pytest.mark.browser
def test_going_back_after_registering_and_sending_again_creates_no_second_initiative(
    transactional_db: None,
    taxonomy: None,
    live_server: Any,
    fresh_context: Callable[..., BrowserContext],
    requests_seen: RequestLog,
) -> None:
    origin = live_server.url
    title = "Water kiosks, sent again after going back"
    page = fresh_context().new_page()
    page.goto(f"{origin}/en/initiatives/new/")
    fill_the_quick_form(page, title)
    page.locator("form[data-single-submit] button[type=submit]").click()
    page.wait_for_selector("#token-once-value")

    # Unsure it worked, the contributor goes back: the browser fills the form in again.
    page.go_back()
    page.wait_for_load_state("load")
    assert page.input_value("#id_title") == title
    page.locator("form[data-single-submit] button[type=submit]").click()
    page.wait_for_load_state("load")

    initiative = Initiative.objects.get(versions__title=title)
    assert page.url.endswith(f"/en/initiatives/{initiative.public_id}/edit/?already=1")
    notice = translated(
        "en",
        "You had already registered this initiative, so it was not registered a second "
        "time. Here it is: make your changes below and save them.",
    )
    assert notice in page.locator("main").inner_text()
    check_page(page, "en", origin, requests_seen)
