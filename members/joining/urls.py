from django.urls import path

from members.joining import views_public, views_staff

urlpatterns = [
    # Public, no login: behind the QR codes.
    path("j/received/", views_public.join_received, name="join_received"),
    path("j/me/", views_public.me_confirm, name="join_me"),
    path("j/me/code/", views_public.me_code, name="join_me_code"),
    path("j/me/card/", views_public.me_card, name="join_me_card"),
    path("j/me/out/", views_public.me_out, name="join_me_out"),
    path("j/card/<str:token>/", views_public.card_check, name="join_card_check"),
    path("j/<str:token>/", views_public.join, name="join"),
    # Staff.
    path("joining/", views_staff.index, name="joining_index"),
    path("joining/applications/<int:pk>/", views_staff.application_detail,
         name="joining_application"),
    path("joining/applications/<int:pk>/approve/", views_staff.application_approve,
         name="joining_approve"),
    path("joining/applications/<int:pk>/reject/", views_staff.application_reject,
         name="joining_reject"),
    path("joining/unions/<int:pk>/", views_staff.union_link, name="joining_union"),
    path("joining/unions/<int:pk>/poster.svg", views_staff.union_poster, name="joining_poster"),
    path("joining/unions/<int:pk>/poster.png", views_staff.union_poster_file, {"kind": "png"},
         name="joining_poster_png"),
    path("joining/unions/<int:pk>/poster.pdf", views_staff.union_poster_file, {"kind": "pdf"},
         name="joining_poster_pdf"),
    path("joining/unions/<int:pk>/renew/", views_staff.union_link_renew, name="joining_renew"),
    path("joining/pools/new/", views_staff.pool_new, name="joining_pool_new"),
    path("joining/pools/<int:pk>/", views_staff.pool_detail, name="joining_pool"),
    path("joining/pools/<int:pk>/move/", views_staff.pool_move, name="joining_pool_move"),
]
