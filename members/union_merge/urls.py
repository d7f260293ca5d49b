from django.urls import path

from members.union_merge import views

urlpatterns = [
    path("unions/<int:pk>/merge/", views.union_merge_page, name="union_merge"),
]
