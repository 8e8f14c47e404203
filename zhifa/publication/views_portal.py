"""Portal decision pages (filled in below)."""

from django.http import Http404


def decision_list(request):  # type: ignore[no-untyped-def]
    raise Http404


decision_detail = decision_list
