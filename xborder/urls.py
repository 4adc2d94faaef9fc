from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path, re_path

from guide import letter, seo, sitemaps, views
from jurisdictions.dashboard import content_health

urlpatterns = [
    path(settings.ADMIN_PATH + "content-health/", content_health, name="content_health"),
    path(settings.ADMIN_PATH, admin.site.urls),
]

urlpatterns += [
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
]

# English is the unprefixed default; an address written with /en/ leads there too.
urlpatterns += [
    re_path(r"^en/(?P<rest>.*)$", views.english_without_prefix),
]

urlpatterns += i18n_patterns(
    path("", views.wizard, name="wizard"),
    path("guide/<str:home>/<str:away>/", views.guide, name="guide"),
    path("guide/<str:home>/<str:away>/print/", views.print_page, name="print"),
    path("guide/<str:home>/<str:away>/pdf/", views.pdf, name="pdf"),
    path("guide/<str:home>/<str:away>/letter/", letter.letter, name="letter"),
    path("countries/<str:code>/", views.country, name="country"),
    path("safety/", views.safety, name="safety"),
    prefix_default_language=False,
)

handler404 = "guide.errors.page_not_found"
handler500 = "guide.errors.server_error"
