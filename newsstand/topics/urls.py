from django.urls import path

from newsstand.topics import views

app_name = "topics"

urlpatterns = [
    path("topics/<slug:slug>/", views.topic, name="topic"),
]
