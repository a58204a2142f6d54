from django.urls import path

from newsstand.readers import views

app_name = "readers"

urlpatterns = [
    path("saved/", views.saved, name="saved"),
    path("saved/urls.json", views.saved_urls, name="saved_urls"),
    path("saved/<int:pk>/", views.save_article, name="save_article"),
    path("history/", views.history, name="history"),
    path("history/clear/", views.clear_history, name="clear_history"),
    path("history/<int:pk>/", views.mark_read, name="mark_read"),
    path("following/", views.following, name="following"),
    path("following/change/", views.change_follow, name="change_follow"),
    path("appearance/", views.appearance, name="appearance"),
]
