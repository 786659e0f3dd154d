from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from banso.accounts.selectors import user_by_login


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with a phone number (any common Vietnamese spelling) or an email address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = username or kwargs.get("phone") or kwargs.get("email")
        if not login or password is None:
            return None
        user = user_by_login(login)
        if user is None:
            # Spend the same time as a real check, so timing does not tell who has an account.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
