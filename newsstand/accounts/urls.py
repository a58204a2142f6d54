from django.urls import path

from newsstand.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("confirm/resend/", views.resend_verification, name="resend_verification"),
    path("confirm/<str:token>/", views.verify_email, name="verify_email"),
    path("email/", views.change_email, name="change_email"),
    path("email/confirm/<str:token>/", views.confirm_email_change, name="confirm_email_change"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:session_id>/revoke/", views.revoke_session, name="revoke_session"),
    path("sessions/revoke-others/", views.revoke_other_sessions, name="revoke_other_sessions"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
