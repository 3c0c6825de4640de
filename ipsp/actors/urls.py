from django.urls import path

from ipsp.actors import views, views_public

app_name = "actors"

urlpatterns = [
    path("suggest/", views.actor_suggestions, name="suggest"),
    path("new/", views.actor_new, name="new"),
    path("staff/", views.staff_queue, name="staff_queue"),
    path("staff/merge/", views.staff_merge, name="staff_merge"),
    path("claims/<pid:public_id>/decide/", views.claim_decide, name="claim_decide"),
    path("<pid:public_id>/edit/", views.actor_edit, name="edit"),
    path("<pid:public_id>/submit/", views.actor_submit, name="submit"),
    path("<pid:public_id>/withdraw/", views.actor_withdraw, name="withdraw"),
    path("<pid:public_id>/initiatives/", views.actor_claim, name="claim"),
    path("<pid:public_id>/", views_public.actor_detail, name="detail"),
]
