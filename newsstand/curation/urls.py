from django.urls import path

from newsstand.curation import views

app_name = "curation"

urlpatterns = [
    path("for-you/", views.for_you, name="for_you"),
    path("for-you/welcome/", views.onboarding, name="onboarding"),
    path("for-you/profile/", views.profile, name="profile"),
    path("for-you/profile/forget/", views.forget_interest, name="forget_interest"),
    path("for-you/profile/reset/", views.reset_profile, name="reset_profile"),
    path("for-you/reading/", views.reading_signal, name="reading_signal"),
    path("edition/", views.edition, name="edition"),
    path("edition/email/", views.edition_email, name="edition_email"),
    path("edition/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
