from django.urls import path

from api import token_views

urlpatterns = [
    path("", token_views.token_list, name="api_token_list"),
    path("new/<int:account_pk>/", token_views.token_issue, name="api_token_issue"),
    path("<int:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
]
