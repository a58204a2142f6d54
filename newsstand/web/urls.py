from django.urls import path

from newsstand.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<slug:slug>/", views.article, name="article"),
    path("articles/<int:pk>/", views.article, name="article_short"),
    path("publishers/<slug:slug>/", views.publisher, name="publisher"),
    path("stories/<int:pk>/", views.story, name="story"),
]
