from django.contrib import admin
from django.urls import include, path

from newsstand.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("newsstand.ingest.urls")),
    path("", include("newsstand.web.urls")),
]
