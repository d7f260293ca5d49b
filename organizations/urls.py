from django.urls import include, path

from organizations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("nodes/<int:pk>/", views.node_detail, name="node_detail"),
    path("nodes/<int:parent_pk>/unions/new/", views.union_create, name="union_create"),
    path(
        "nodes/<int:parent_pk>/federations/new/", views.federation_create,
        name="federation_create",
    ),
    path("unions/<int:pk>/edit/", views.union_edit, name="union_edit"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/new/", views.employer_create, name="employer_create"),
    path("employers/choices/", views.employer_choices, name="employer_choices"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("", include("organizations.lifecycle.urls")),
]
