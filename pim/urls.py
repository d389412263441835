from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pim import api, throttling, views

handler500 = "pim.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("deklaracja-dostepnosci/", views.accessibility_statement, name="accessibility"),
    path("", include("networks.urls")),
    path("", include("cities.urls")),
    path("", include("surveys.urls")),
    path("", include("library.urls")),
    path("api/v1/", include((api.urlpatterns, "api"))),
    path("jezyk/<str:code>/", views.switch_language, name="language"),
    path("konto/password_reset/", throttling.password_reset, name="password_reset"),
    path("konto/", include("django.contrib.auth.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]
