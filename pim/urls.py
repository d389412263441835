from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pim import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]
