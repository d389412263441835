from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("program/", views.programme, name="programme"),
    path("sieci/", views.network_list, name="list"),
    path("sieci/<slug:edition_slug>/<slug:slug>/", views.network_detail, name="detail"),
    path("zalecenia/", views.recommendations, name="recommendations"),
    path("zrodla/", views.sources, name="sources"),
]
