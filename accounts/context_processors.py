from accounts.two_factor import second_step_due


def sign_in_state(request):
    """`signed_in`: the header shows the navigation only once the sign-in is complete, not while the
    session still owes its two-factor code."""
    user = getattr(request, "user", None)
    return {"signed_in": bool(user and user.is_authenticated and not second_step_due(request))}
