from django.contrib.auth import views as auth_views
from django.urls import path

from . import account_views, second_factor, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("experts/", account_views.expert_accounts, name="expert_accounts"),
    path("staff/", account_views.staff_accounts, name="staff_accounts"),
    path("<int:pk>/reset-password/", account_views.reset_password, name="reset_password"),
    path("<int:pk>/active/", account_views.set_active, name="set_active"),
    path("<int:pk>/unlock/", account_views.unlock, name="unlock"),
    path("second-factor/setup/", second_factor.setup, name="second_factor_setup"),
    path("second-factor/verify/", second_factor.verify, name="second_factor_verify"),
]
