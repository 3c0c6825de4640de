"""Addresses of topic pages, collections and bookmarks (included by ``portal.urls``,
so their names are in the ``portal`` namespace).

``portal.urls`` is imported while apps load (its sitemap), before the project's urls
register the ``pid`` converter: public ids are taken as slugs here and the views
normalise them (``views_topics._pid``), answering 404 to a malformed one."""

from django.urls import path

from ipsp.portal import views_topics as views

urlpatterns = [
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:public_id>/", views.topic_short, name="topic_short"),
    path("topics/<slug:public_id>/<str:slug>/", views.topic_detail, name="topic_detail"),
    path("collections/", views.collection_list, name="collection_list"),
    path("collections/add/", views.add_to_collection, name="add_to_collection"),
    path("collections/<slug:public_id>/", views.collection_detail, name="collection_detail"),
    path("bookmarks/", views.bookmark_toggle, name="bookmark_toggle"),
    path("staff/topics/", views.staff_topics, name="staff_topics"),
    path("staff/topics/<slug:public_id>/", views.staff_topic_edit, name="staff_topic_edit"),
    path(
        "staff/topics/<slug:public_id>/translation/",
        views.staff_topic_translation,
        name="staff_topic_translation",
    ),
    path("staff/topics/<slug:public_id>/state/", views.staff_topic_state, name="staff_topic_state"),
    path("staff/collections/", views.staff_collections, name="staff_collections"),
    path(
        "staff/collections/<slug:public_id>/",
        views.staff_collection_edit,
        name="staff_collection_edit",
    ),
    path(
        "staff/collections/<slug:public_id>/add/",
        views.staff_collection_add,
        name="staff_collection_add",
    ),
    path(
        "staff/collections/<slug:public_id>/item/",
        views.staff_collection_item,
        name="staff_collection_item",
    ),
    path(
        "staff/collections/<slug:public_id>/publish/",
        views.staff_collection_publish,
        name="staff_collection_publish",
    ),
]
