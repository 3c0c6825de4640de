from django.urls import path

from ipsp.search import map_views, views

app_name = "search"

urlpatterns = [
    path("", views.search_page, name="search"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("browse/<slug:vocabulary>/<str:code>/", views.browse, name="browse"),
    path("map/", map_views.map_page, name="map"),
    path("map.geojson", map_views.map_geojson, name="map_geojson"),
]
