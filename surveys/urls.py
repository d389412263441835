from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("ankiety/", views.survey_index, name="index"),
    path("ankiety/<slug:edition_slug>/<slug:slug>/", views.survey_detail, name="detail"),
]
