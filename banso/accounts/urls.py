from django.urls import path

from banso.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/code/", views.password_reset_code, name="password-reset-code"),
    path("", views.profile, name="profile"),
]
