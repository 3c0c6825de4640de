from django.urls import path

from ipsp.notifications import views

app_name = "notifications"

urlpatterns = [
    path("staff/mail/", views.staff_mail, name="staff_mail"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", views.resubscribe, name="resubscribe"),
]
