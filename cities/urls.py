from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("czlonkowie/", views.member_list, name="list"),
    path("czlonkowie/eksport.csv", views.member_export, {"file_format": "csv"}, name="export-csv"),
    path("czlonkowie/eksport.xlsx", views.member_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("czlonkowie/<slug:slug>/", views.member_detail, name="member"),
    path("mapa/", views.member_map, name="map"),
]
