from organizations.scope import can_edit, role_of, scope_of


def staff_scope(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"scope_node": scope_of(user), "user_role": role_of(user), "user_can_edit": can_edit(user)}
