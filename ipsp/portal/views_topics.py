"""Pages of topics (the encyclopedia), collections and bookmarks.

Public pages (``/<lang>/topics/``, ``/<lang>/collections/``) are read-only and set no
cookie. Staff pages: topics for the secretariat, collections for the secretariat and
reviewers. Bookmarks and "add to collection" are posted by signed-in people from
entry pages, with their session's CSRF token.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ipsp.accounts import roles
from ipsp.accounts.access import role_required
from ipsp.accounts.models import User
from ipsp.core import publicid
from ipsp.core.markdown import render as render_markdown
from ipsp.portal import collections as curation
from ipsp.portal import topics
from ipsp.portal.forms_topics import (
    AddToCollectionForm,
    CollectionEntryForm,
    CollectionForm,
    EntryKeyForm,
    MoveForm,
    TopicStateForm,
    TopicTextForm,
    TopicTranslationForm,
)
from ipsp.portal.models import PortalSettings, TopicPage

CURATORS = (roles.SECRETARIAT, roles.REVIEWER)


def _pid(value: str) -> str:
    """A public id from the address (aliases and case folded), or 404."""
    normalised = publicid.normalise(value)
    if normalised is None:
        raise Http404
    return normalised


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _safe_next(request: HttpRequest, value: str, fallback: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return fallback


# --- public: topics ---------------------------------------------------------------------------


@require_safe
def topic_list(request: HttpRequest) -> HttpResponse:
    language = get_language()
    rows = []
    for topic in topics.topics_public():
        title, _introduction, text_language = topic.text_in(language)
        rows.append(
            {
                "topic": topic,
                "title": title,
                "language": text_language,
                "url": topics.topic_url(topic.public_id, topic.slug or "-"),
            }
        )
    return render(request, "portal/topic_list.html", {"rows": rows})


@require_safe
def topic_short(request: HttpRequest, public_id: str) -> HttpResponse:
    topic = topics.topic_get_public(_pid(public_id))
    if topic is None:
        raise Http404
    return HttpResponseRedirect(topics.topic_url(topic.public_id, topic.slug or "-"), status=301)


@require_safe
def topic_detail(request: HttpRequest, public_id: str, slug: str) -> HttpResponse:
    topic = topics.topic_get_public(_pid(public_id))
    if topic is None:
        raise Http404
    if slug != (topic.slug or "-"):
        return HttpResponseRedirect(
            topics.topic_url(topic.public_id, topic.slug or "-"), status=301
        )
    view = topics.topic_view(topic)
    return render(
        request,
        "portal/topic_detail.html",
        {
            "view": view,
            "introduction_html": render_markdown(view.introduction),
            "canonical_url": settings.SITE_URL + request.path,
        },
    )


# --- public: collections ----------------------------------------------------------------------


@require_safe
def collection_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/collection_list.html", {"collections": curation.collections_public()}
    )


@require_safe
def collection_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    collection = curation.collection_get_public(_pid(public_id))
    if collection is None:
        raise Http404
    return render(
        request,
        "portal/collection_detail.html",
        {
            "collection": collection,
            "introduction_html": render_markdown(collection.introduction),
            "items": curation.collection_items(collection, public=True),
        },
    )


# --- secretariat: topics ----------------------------------------------------------------------


@role_required(roles.SECRETARIAT)
def staff_topics(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", TopicPage.State.PROPOSED)
    if state not in TopicPage.State.values:
        state = TopicPage.State.PROPOSED
    if request.method == "POST":
        from ipsp.portal.tasks import topics_refresh_task

        topics_refresh_task.enqueue()
        return redirect(reverse("portal:staff_topics") + "?queued=1")
    setting = PortalSettings.current()
    return render(
        request,
        "portal/topic_staff_list.html",
        {
            "topics": topics.topics_for_staff(state),
            "state": state,
            "states": TopicPage.State.choices,
            "setting": setting,
            "queued": request.GET.get("queued") == "1",
        },
    )


def _staff_topic(public_id: str) -> TopicPage:
    topic = topics.topic_get_for_staff(_pid(public_id))
    if topic is None:
        raise Http404
    return topic


def _topic_edit_page(
    request: HttpRequest,
    topic: TopicPage,
    *,
    text_form: TopicTextForm | None = None,
    translation_form: TopicTranslationForm | None = None,
    state_error: str = "",
    status: int = 200,
) -> HttpResponse:
    text_form = text_form or TopicTextForm(
        initial={
            "title": topic.title,
            "introduction": topic.introduction,
            "language": topic.language,
        },
        auto_id="topic_%s",
    )
    translation_form = translation_form or TopicTranslationForm(auto_id="translation_%s")
    return render(
        request,
        "portal/topic_staff_edit.html",
        {
            "topic": topic,
            "view": topics.topic_view(topic, language=topic.language),
            "text_form": text_form,
            "translation_form": translation_form,
            "translations": list(topic.translations.all()),
            "state_error": state_error,
            "public_url": topics.topic_url(topic.public_id, topic.slug or "-"),
        },
        status=status,
    )


@role_required(roles.SECRETARIAT)
def staff_topic_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    topic = _staff_topic(public_id)
    if request.method != "POST":
        return _topic_edit_page(request, topic)
    form = TopicTextForm(request.POST, auto_id="topic_%s")
    if form.is_valid():
        try:
            topics.topic_update(
                topic=topic,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                language=form.cleaned_data["language"],
                by=_user(request),
            )
        except topics.TopicError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("portal:staff_topic_edit", public_id=topic.public_id)
    topic.refresh_from_db()
    return _topic_edit_page(request, topic, text_form=form, status=400)


@require_POST
@role_required(roles.SECRETARIAT)
def staff_topic_translation(request: HttpRequest, public_id: str) -> HttpResponse:
    topic = _staff_topic(public_id)
    form = TopicTranslationForm(request.POST, auto_id="translation_%s")
    if form.is_valid():
        try:
            topics.topic_translation_save(
                topic=topic,
                language=form.cleaned_data["language"],
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                machine=form.cleaned_data["machine"],
            )
        except topics.TopicError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("portal:staff_topic_edit", public_id=topic.public_id)
    return _topic_edit_page(request, topic, translation_form=form, status=400)


@require_POST
@role_required(roles.SECRETARIAT)
def staff_topic_state(request: HttpRequest, public_id: str) -> HttpResponse:
    topic = _staff_topic(public_id)
    form = TopicStateForm(request.POST)
    if not form.is_valid():
        return _topic_edit_page(
            request, topic, state_error=_("Choose what to do with the page."), status=400
        )
    action = {
        "publish": topics.topic_publish,
        "unpublish": topics.topic_unpublish,
        "dismiss": topics.topic_dismiss,
    }[form.cleaned_data["action"]]
    try:
        action(topic=topic, by=_user(request))
    except topics.TopicError as error:
        topic.refresh_from_db()
        return _topic_edit_page(request, topic, state_error=error.message, status=400)
    return redirect("portal:staff_topic_edit", public_id=topic.public_id)


# --- curators: collections --------------------------------------------------------------------


@role_required(*CURATORS)
def staff_collections(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = CollectionForm(
        request.POST or None, initial={"language": get_language()}, auto_id="collection_%s"
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                collection = curation.collection_create(curator=user, **form.cleaned_data)
            except curation.CollectionError as error:
                form.add_error(error.field, error.message)
            else:
                return redirect("portal:staff_collection_edit", public_id=collection.public_id)
        status = 400
    return render(
        request,
        "portal/collection_staff_list.html",
        {"collections": curation.collections_for_curator(user), "form": form},
        status=status,
    )


def _editable_collection(request: HttpRequest, public_id: str) -> curation.Collection:
    collection = curation.collection_get(_pid(public_id))
    if collection is None:
        raise Http404
    if not curation.can_edit_collection(request.user, collection):
        raise PermissionDenied
    return collection


def _collection_edit_page(
    request: HttpRequest,
    collection: curation.Collection,
    *,
    form: CollectionForm | None = None,
    entry_form: CollectionEntryForm | None = None,
    publish_error: str = "",
    status: int = 200,
) -> HttpResponse:
    form = form or CollectionForm(
        initial={
            "title": collection.title,
            "introduction": collection.introduction,
            "language": collection.language,
        },
        auto_id="collection_%s",
    )
    return render(
        request,
        "portal/collection_staff_edit.html",
        {
            "collection": collection,
            "form": form,
            "entry_form": entry_form or CollectionEntryForm(auto_id="entry_%s"),
            "items": curation.collection_items(collection, public=False),
            "publish_error": publish_error,
        },
        status=status,
    )


@role_required(*CURATORS)
def staff_collection_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    collection = _editable_collection(request, public_id)
    if request.method != "POST":
        return _collection_edit_page(request, collection)
    form = CollectionForm(request.POST, auto_id="collection_%s")
    if form.is_valid():
        try:
            curation.collection_update(collection=collection, **form.cleaned_data)
        except curation.CollectionError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect("portal:staff_collection_edit", public_id=collection.public_id)
    collection.refresh_from_db()
    return _collection_edit_page(request, collection, form=form, status=400)


@require_POST
@role_required(*CURATORS)
def staff_collection_add(request: HttpRequest, public_id: str) -> HttpResponse:
    collection = _editable_collection(request, public_id)
    form = CollectionEntryForm(request.POST, auto_id="entry_%s")
    if form.is_valid():
        try:
            curation.collection_add_entry(
                collection=collection,
                reference=form.cleaned_data["entry"],
                note=form.cleaned_data["note"],
            )
        except curation.CollectionError as error:
            form.add_error("entry", error.message)
        else:
            return redirect("portal:staff_collection_edit", public_id=collection.public_id)
    return _collection_edit_page(request, collection, entry_form=form, status=400)


@require_POST
@role_required(*CURATORS)
def staff_collection_item(request: HttpRequest, public_id: str) -> HttpResponse:
    collection = _editable_collection(request, public_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        key = {"kind": form.cleaned_data["kind"], "entry_id": form.cleaned_data["entry_id"]}
        if form.cleaned_data["action"] == "remove":
            curation.collection_remove_entry(collection=collection, **key)
        else:
            offset = -1 if form.cleaned_data["action"] == "up" else 1
            curation.collection_move_entry(collection=collection, offset=offset, **key)
    return redirect("portal:staff_collection_edit", public_id=collection.public_id)


@require_POST
@role_required(*CURATORS)
def staff_collection_publish(request: HttpRequest, public_id: str) -> HttpResponse:
    collection = _editable_collection(request, public_id)
    try:
        curation.collection_set_published(
            collection=collection, published=request.POST.get("published") == "1"
        )
    except curation.CollectionError as error:
        return _collection_edit_page(request, collection, publish_error=error.message, status=400)
    return redirect("portal:staff_collection_edit", public_id=collection.public_id)


@require_POST
@role_required(*CURATORS)
def add_to_collection(request: HttpRequest) -> HttpResponse:
    """From an entry page: add this entry to one of the curator's collections."""
    form = AddToCollectionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a collection."), status=400, content_type="text/plain")
    collection = _editable_collection(request, form.cleaned_data["collection"])
    try:
        curation.collection_add_entry(
            collection=collection, reference=form.cleaned_data["entry_id"]
        )
    except curation.CollectionError as error:
        if error.code != "duplicate":
            return HttpResponse(error.message, status=400, content_type="text/plain")
    return redirect(
        _safe_next(
            request,
            form.cleaned_data["next"],
            reverse("portal:staff_collection_edit", kwargs={"public_id": collection.public_id}),
        )
    )


# --- signed in: bookmarks ---------------------------------------------------------------------


@require_POST
def bookmark_toggle(request: HttpRequest) -> HttpResponse:
    """Bookmark an entry, or remove the bookmark (``remove=1``); for signed-in people."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    form = EntryKeyForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            _("This entry cannot be bookmarked."), status=400, content_type="text/plain"
        )
    user = _user(request)
    key: dict[str, Any] = {
        "kind": form.cleaned_data["kind"],
        "entry_id": form.cleaned_data["entry_id"],
    }
    if request.POST.get("remove") == "1":
        curation.bookmark_remove(user=user, **key)
    else:
        try:
            curation.bookmark_add(user=user, **key)
        except curation.CollectionError as error:
            return HttpResponse(error.message, status=400, content_type="text/plain")
    return redirect(_safe_next(request, form.cleaned_data["next"], reverse("portal:home")))
