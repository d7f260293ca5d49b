from django.urls import path

from organizations.lifecycle import views

urlpatterns = [
    path("unions/<int:pk>/life/", views.union_life, name="union_life"),
    path("unions/<int:pk>/approve/", views.union_approve, name="union_approve"),
    path("unions/<int:pk>/return/", views.union_return, name="union_return"),
    path("unions/<int:pk>/resubmit/", views.union_resubmit, name="union_resubmit"),
    path("unions/<int:pk>/found/", views.union_found, name="union_found"),
    path("unions/<int:pk>/dissolve/", views.union_dissolve, name="union_dissolve"),
    path("nodes/<int:pk>/move/", views.union_move, name="union_move"),
    path("nodes/<int:pk>/approvals/", views.approvals, name="union_approvals"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/close/", views.employer_close, name="employer_close"),
]
