from django.urls import path, re_path

from surveys import views

app_name = "surveys"

SURVEY = r"^ankiety/(?P<edition_slug>[-\w]+)/(?P<slug>[-\w]+)/"
FORMAT = r"\.(?P<file_format>csv|xlsx)$"

urlpatterns = [
    path("ankiety/", views.survey_index, name="index"),
    path("ankiety/<slug:edition_slug>/<slug:slug>/", views.survey_detail, name="detail"),
    path("ankiety/<slug:edition_slug>/<slug:slug>/odpowiedzi/", views.response_list, name="responses"),
    re_path(SURVEY + "odpowiedzi" + FORMAT, views.response_export, name="export"),
    re_path(SURVEY + "szablon-importu" + FORMAT, views.import_template, name="template"),
]
