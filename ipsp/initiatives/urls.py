from django.urls import path

from ipsp.initiatives import views, views_public

app_name = "initiatives"

urlpatterns = [
    # Registering and editing (views.py). The public pages are added from views_public.py.
    path("new/", views.initiative_new, name="new"),
    path("new/full/", views.initiative_new_full, name="new_full"),
    path("mine/", views.initiatives_mine, name="mine"),
    path("staff/queue/", views.staff_queue, name="staff_queue"),
    path("staff/<pid:public_id>/decide/", views.staff_decide, name="staff_decide"),
    path("<pid:public_id>/edit/", views.initiative_edit, name="edit"),
    path("<pid:public_id>/preview/", views.initiative_preview, name="preview"),
    path("<pid:public_id>/submit/", views.initiative_submit, name="submit"),
    path("<pid:public_id>/withdraw/", views.initiative_withdraw, name="withdraw"),
    path("<pid:public_id>/confirm-current/", views.initiative_confirm_current, name="confirm"),
    # The public pages (views_public.py).
    path("<pid:public_id>/", views_public.initiative_detail, name="detail"),
    path("<pid:public_id>/cite.<str:fmt>", views_public.initiative_cite, name="cite"),
    path("<pid:public_id>/history/", views_public.initiative_history, name="history"),
    path("<pid:public_id>/diff/", views_public.initiative_diff, name="diff"),
    path("<pid:public_id>/versions/<int:number>/", views_public.initiative_version, name="version"),
    path(
        "<pid:public_id>/versions/<int:number>/cite.<str:fmt>",
        views_public.version_cite,
        name="version_cite",
    ),
    path("<pid:public_id>/report/", views_public.initiative_report, name="report"),
    path("<pid:public_id>/report/sent/", views_public.initiative_report_sent, name="report_sent"),
]
