from django.urls import path

from organizations.staff import views

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.staff_create, name="staff_create"),
    path("<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("<int:pk>/disable/", views.staff_disable, name="staff_disable"),
    path("<int:pk>/enable/", views.staff_enable, name="staff_enable"),
]
