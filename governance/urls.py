from django.urls import path

from governance.views import committees, ratings, sites, stipends

urlpatterns = [
    path("", committees.governance_home, name="governance_home"),
    path("nodes/<int:pk>/", committees.node_overview, name="governance_node"),
    path("nodes/<int:pk>/stipends/", stipends.node_stipends, name="governance_stipends"),
    path("nodes/<int:pk>/stipends/<int:year>.xlsx", stipends.stipend_xlsx,
         name="governance_stipends_xlsx"),
    path("nodes/<int:pk>/ratings/", ratings.node_ratings, name="governance_ratings"),
    path("nodes/<int:pk>/sites/", sites.node_sites, name="governance_sites"),
    path("nodes/<int:pk>/sites/new/", sites.site_new, name="governance_site_new"),
    path("nodes/<int:pk>/sites/import/", sites.site_import_new, name="governance_site_import_new"),
    path("unions/<int:pk>/", committees.union_page, name="governance_union"),
    path("unions/<int:pk>/election/", committees.election_new, name="governance_election_new"),
    path("unions/<int:pk>/officers/new/", committees.officer_add, name="governance_officer_add"),
    path("unions/<int:pk>/ratings/new/", ratings.rating_new, name="governance_rating_new"),
    path("officers/<int:pk>/end/", committees.officer_end, name="governance_officer_end"),
    path("officers/<int:pk>/stipends/new/", stipends.stipend_new, name="governance_stipend_new"),
    path("ratings/<int:pk>/edit/", ratings.rating_edit, name="governance_rating_edit"),
    path("sites/<int:pk>/edit/", sites.site_edit, name="governance_site_edit"),
    path("sites/template.xlsx", sites.site_template, name="governance_site_template"),
    path("site-imports/<int:pk>/", sites.site_import_detail, name="governance_site_import"),
    path("site-imports/<int:pk>/commit/", sites.site_import_commit,
         name="governance_site_import_commit"),
]
