"""Auth of the API's public reads, for every app's router.

The token and session checks that know people are `banso.accounts.api_auth`; this one knows
no one, so that `places` (which `accounts` imports) can use it without importing `accounts`.
"""


def optional_auth(request):
    """For public reads: lets a signed-in caller through as themselves, anyone else anonymous."""
    return request.user if request.user.is_authenticated else True
