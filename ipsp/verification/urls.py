from django.urls import path

from ipsp.verification import views

app_name = "verification"

urlpatterns = [
    path("staff/queue/", views.queue, name="queue"),
    path("staff/queue/bulk/", views.queue_bulk, name="bulk"),
    path("staff/queue/health/", views.health, name="health"),
    path("staff/queue/appeals/", views.appeals, name="appeals"),
    path("staff/queue/appeals/<pid:public_id>/", views.appeal_detail, name="appeal"),
    path("staff/queue/audit/<slug:kind>/<pid:public_id>/", views.audit, name="audit"),
    path("staff/queue/<pid:public_id>/", views.item_detail, name="item"),
    path("staff/queue/<pid:public_id>/decide/", views.item_decide, name="decide"),
    path("staff/queue/<pid:public_id>/terms/", views.item_terms, name="terms"),
    path("staff/queue/<pid:public_id>/release/", views.item_release, name="release"),
    path("my/appeal/<pid:public_id>/", views.appeal_new, name="appeal_new"),
]
