"""Staff pages of publication (filled in below)."""

from django.http import Http404


def publication_list(request):  # type: ignore[no-untyped-def]
    raise Http404


publication_detail = publication_step = publication_draft_from_case = change_step = publication_list
