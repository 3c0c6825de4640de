from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ipsp.accounts import services
from ipsp.accounts.forms import StaffSignInForm


@csrf_exempt  # a visitor has no session yet: the form's signed token protects it
@require_http_methods(["GET", "POST"])
def staff_sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = StaffSignInForm(request.POST, request=request)
        if form.is_valid():
            error = services.staff_sign_in(
                request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                otp_token=form.cleaned_data["otp_token"],
            )
            if error is None:
                return redirect(services.after_sign_in_url(request.user))
            form.add_error(error.field, error.message)
        form.renew_token()
    else:
        form = StaffSignInForm(request=request)
    return render(request, "accounts/staff_sign_in.html", {"form": form})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("portal:home")
    return response
