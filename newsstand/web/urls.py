from django.urls import path

from newsstand.web import pwa, search_views, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/<slug:slug>/", views.article, name="article"),
    path("articles/<int:pk>/", views.article, name="article_short"),
    path("publishers/<slug:slug>/", views.publisher, name="publisher"),
    path(
        "publishers/<slug:publisher_slug>/sections/<slug:slug>/",
        views.publisher_section,
        name="publisher_section",
    ),
    path("sections/<slug:slug>/", views.section, name="section"),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("search", search_views.search, name="search"),
    # The installable app: the service worker must sit at the root to control every page.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
]
