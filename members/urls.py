from django.urls import path

from members import views

urlpatterns = [
    path("unions/<int:pk>/", views.union_detail, name="union_detail"),
    path("unions/<int:pk>/members/new/", views.member_create, name="member_create"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/full-id/", views.member_full_id, name="member_full_id"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
]
