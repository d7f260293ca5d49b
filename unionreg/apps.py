from django.contrib.admin.apps import AdminConfig


class UnionregAdminConfig(AdminConfig):
    default_site = "unionreg.admin_site.SuperuserAdminSite"
