"""Chinese first: the language is the one the user picked (cookie), else Simplified Chinese.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC with an
English browser would show English; the people using this read Chinese, and the language switch
in the header sets the cookie for those who want English.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
