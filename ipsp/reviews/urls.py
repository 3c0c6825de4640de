from django.urls import path

from ipsp.reviews import views

app_name = "reviews"

urlpatterns = [
    path("actors/rising/", views.rising_actors, name="rising"),
    path("reviews/flag/<str:kind>/<pid:public_id>/", views.flag_entry, name="flag"),
    path("reviews/flags/<pid:flag_id>/withdraw/", views.flag_withdraw, name="withdraw"),
    path("reviews/staff/flags/", views.staff_flags, name="staff_flags"),
]
