from django.urls import path

from ipsp.actors import views

app_name = "actors"

urlpatterns = [
    path("suggest/", views.actor_suggestions, name="suggest"),
]
