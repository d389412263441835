from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("czlonkowie/", views.member_list, name="list"),
    path("czlonkowie/eksport.csv", views.member_export, {"file_format": "csv"}, name="export-csv"),
    path("czlonkowie/eksport.xlsx", views.member_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("czlonkowie/<slug:slug>/", views.member_detail, name="member"),
    path("czlonkowie/<slug:slug>/edytuj/", views.member_edit, name="member-edit"),
    path("czlonkowie/<slug:slug>/mid/<slug:edition_slug>/edytuj/", views.mid_edit, name="mid-edit"),
    path(
        "czlonkowie/<slug:slug>/mid/<slug:edition_slug>/dokument.pdf", views.mid_document, name="mid-document"
    ),
    path("mapa/", views.member_map, name="map"),
    path("konto/moi-czlonkowie/", views.my_members, name="my-members"),
]
