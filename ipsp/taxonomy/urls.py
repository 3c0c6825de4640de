from django.urls import path

from ipsp.taxonomy import views

app_name = "taxonomy"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:vocabulary>/<str:code>/", views.term, name="term"),
]
