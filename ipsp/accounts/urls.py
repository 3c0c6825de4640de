from django.urls import path

from ipsp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/sign-in/", views.staff_sign_in, name="staff_sign_in"),
    path("staff/two-factor/", views.two_factor, name="two_factor"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("my/", views.my_entries, name="my_entries"),
    path("my/sign-in/", views.token_sign_in, name="token_sign_in"),
    path("my/account/", views.my_account, name="my_account"),
    path("my/account/email/", views.my_account_email, name="my_account_email"),
    path("my/account/language/", views.my_account_language, name="my_account_language"),
    path("my/account/token/rotate/", views.my_token_rotate, name="my_token_rotate"),
    path("my/account/token/revoke/", views.my_token_revoke, name="my_token_revoke"),
    path("my/token-file/", views.token_download, name="token_download"),
    path("my/lost-token/", views.lost_token, name="lost_token"),
    path("my/lost-token/<str:value>/", views.token_recover, name="token_recover"),
]
