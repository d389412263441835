from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("dokumenty/", views.document_library, name="documents"),
    path("szukaj/", views.site_search, name="search"),
]
