from django.urls import path

from ipsp.search import views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("browse/<slug:vocabulary>/<str:code>/", views.browse, name="browse"),
]
