from django.urls import path

from ipsp.community import views

app_name = "community"

urlpatterns = [
    path("write/<str:kind>/<pid:public_id>/", views.compose, name="compose"),
    path("unblock/", views.unblock, name="unblock"),
    path("<pid:public_id>/", views.conversation, name="conversation"),
    path("<pid:public_id>/answer/", views.reply, name="reply"),
    path("<pid:public_id>/block/", views.block, name="block"),
]
