from django.urls import path

from library import report_views, views

app_name = "library"

urlpatterns = [
    path("dokumenty/", views.document_library, name="documents"),
    path("dokumenty/eksport.csv", views.document_export, name="documents-csv"),
    path("szukaj/", views.site_search, name="search"),
    path("raport/<slug:edition_slug>/", report_views.edition_report, name="edition-report"),
    path("raport/<slug:edition_slug>/<slug:slug>/", report_views.network_report, name="network-report"),
]
