from django.urls import path

from ipsp.actors import views, views_outreach, views_public

app_name = "actors"

urlpatterns = [
    path("suggest/", views.actor_suggestions, name="suggest"),
    path("new/", views.actor_new, name="new"),
    path("staff/", views.staff_queue, name="staff_queue"),
    path("staff/merge/", views.staff_merge, name="staff_merge"),
    path("staff/invitations/", views_outreach.staff_invitations, name="staff_invitations"),
    path(
        "staff/invitations/new/", views_outreach.staff_invitation_new, name="staff_invitation_new"
    ),
    path(
        "staff/invitations/<pid:public_id>/",
        views_outreach.staff_invitation,
        name="staff_invitation",
    ),
    path("staff/validations/", views_outreach.staff_validations, name="staff_validations"),
    path(
        "staff/validations/<pid:public_id>/cancel/",
        views_outreach.staff_validation_cancel,
        name="staff_validation_cancel",
    ),
    path(
        "staff/<pid:public_id>/validate/",
        views_outreach.staff_validation_request,
        name="staff_validation_request",
    ),
    path("invitation/<str:secret>/", views_outreach.invitation_page, name="invitation"),
    path("validate/<str:secret>/", views_outreach.validation_page, name="validation"),
    path("claims/<pid:public_id>/decide/", views.claim_decide, name="claim_decide"),
    path("<pid:public_id>/edit/", views.actor_edit, name="edit"),
    path("<pid:public_id>/submit/", views.actor_submit, name="submit"),
    path("<pid:public_id>/withdraw/", views.actor_withdraw, name="withdraw"),
    path("<pid:public_id>/initiatives/", views.actor_claim, name="claim"),
    path("<pid:public_id>/", views_public.actor_detail, name="detail"),
]
