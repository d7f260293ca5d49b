from django.urls import path

from members import views, views_life, views_transfers

urlpatterns = [
    path("unions/<int:pk>/", views.union_detail, name="union_detail"),
    path("unions/<int:pk>/members/new/", views.member_create, name="member_create"),
    path("unions/<int:pk>/transfer-in/", views_transfers.union_transfer_in,
         name="union_transfer_in"),
    path("members/search/", views_life.person_search, name="person_search"),
    path("members/<int:pk>/", views_life.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/full-id/", views.member_full_id, name="member_full_id"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("members/<int:pk>/keep/", views_life.member_keep, name="member_keep"),
    path("members/<int:pk>/return/", views_life.member_return, name="member_return"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
    path("members/<int:pk>/transfer-request/", views_transfers.member_transfer_request,
         name="member_transfer_request"),
    path("transfers/", views_transfers.transfer_request_list, name="transfer_requests"),
    path("transfers/<int:pk>/", views_transfers.transfer_request_detail,
         name="transfer_request_detail"),
    path("transfers/<int:pk>/accept/", views_transfers.transfer_request_accept,
         name="transfer_request_accept"),
    path("transfers/<int:pk>/reject/", views_transfers.transfer_request_reject,
         name="transfer_request_reject"),
    path("transfers/<int:pk>/cancel/", views_transfers.transfer_request_cancel,
         name="transfer_request_cancel"),
]
