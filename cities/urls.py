from django.urls import path

from cities import invitation_views, review_views, views

app_name = "cities"

urlpatterns = [
    path("czlonkowie/", views.member_list, name="list"),
    path("czlonkowie/eksport.csv", views.member_export, {"file_format": "csv"}, name="export-csv"),
    path(
        "czlonkowie/eksport-excel.csv",
        views.member_export,
        {"file_format": "excel-csv"},
        name="export-excel-csv",
    ),
    path("czlonkowie/eksport.xlsx", views.member_export, {"file_format": "xlsx"}, name="export-xlsx"),
    path("czlonkowie/<slug:slug>/", views.member_detail, name="member"),
    path("czlonkowie/<slug:slug>/edytuj/", views.member_edit, name="member-edit"),
    path("czlonkowie/<slug:slug>/mid/<slug:edition_slug>/edytuj/", views.mid_edit, name="mid-edit"),
    path(
        "czlonkowie/<slug:slug>/mid/<slug:edition_slug>/dokument.pdf", views.mid_document, name="mid-document"
    ),
    path("mapa/", views.member_map, name="map"),
    path("konto/moi-czlonkowie/", views.my_members, name="my-members"),
    path("konto/start/", views.landing, name="landing"),
    path("konto/powiadomienia/", views.mail_preference, name="mail-preference"),
    # The MID workflow: the ministry's review and follow-up.
    path(
        "czlonkowie/<slug:slug>/mid/<slug:edition_slug>/przeglad/", review_views.mid_review, name="mid-review"
    ),
    path("przeglad/", review_views.follow_up, name="follow-up"),
    path("przeglad/przypomnij/<slug:slug>/<slug:edition_slug>/", review_views.remind, name="remind"),
    # Invitations of city coordinators.
    path("czlonkowie/<slug:slug>/zapros/", invitation_views.invite, name="invite"),
    path("zaproszenia/<int:pk>/wyslij-ponownie/", invitation_views.resend, name="invitation-resend"),
    path("zaproszenia/<int:pk>/wycofaj/", invitation_views.withdraw, name="invitation-withdraw"),
    path("konto/zaproszenie/<str:token>/", invitation_views.accept, name="invitation-accept"),
]
