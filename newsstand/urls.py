from django.contrib import admin
from django.urls import include, path

from newsstand.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("account/", include("newsstand.accounts.urls")),
    path("", include("newsstand.ingest.urls")),
    path("", include("newsstand.readers.urls")),
    path("membership/", include("newsstand.membership.urls")),
    path("", include("newsstand.topics.urls")),
    path("", include("newsstand.curation.urls")),
    path("", include("newsstand.web.urls")),
]
