from django.urls import path

from newsstand.ingest import views

app_name = "ingest"

urlpatterns = [
    path("websub/<int:feed_id>/", views.websub_callback, name="websub_callback"),
]
