from django.urls import path

from ipsp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("staff/sign-in/", views.staff_sign_in, name="staff_sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
