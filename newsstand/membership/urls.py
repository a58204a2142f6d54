from django.urls import path

from newsstand.membership import views

app_name = "membership"

urlpatterns = [
    path("", views.account, name="account"),
    path("plans/", views.plans, name="plans"),
    path("trial/", views.start_trial, name="start_trial"),
    path("checkout/<slug:plan>/", views.checkout, name="checkout"),
    path("checkout-done/", views.checkout_done, name="checkout_done"),
    path("manage/", views.manage, name="manage"),
    path("cancel/", views.cancel, name="cancel"),
    path("redeem/", views.redeem, name="redeem"),
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
]
