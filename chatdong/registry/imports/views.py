"""Upload page for the resident-registry CSV import, its sample file and the download of rejected rows."""

import base64
import datetime as dt
import zlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chatdong.access import log
from chatdong.access.doors import door
from chatdong.access.principal import principal_for
from chatdong.core import crypto
from chatdong.registry import imports, rules

from .forms import ImportForm

# The rejected rows hold full resident numbers (the user's own upload, returned for correction). They stay in the
# server-side session, encrypted like the numbers at rest, only until the next import or the end of the session.
REJECTS_SESSION_KEY = "registry_import_rejects"


@login_required
@door(rules.IMPORT)
def import_upload(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    # Bound on every POST, even one without fields, so a missing file gets its message.
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if request.method == "POST":
        request.session.pop(REJECTS_SESSION_KEY, None)  # a new upload replaces the last rejected rows
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_residents(
                upload.read(),
                user=request.user,  # type: ignore[arg-type]
                principal=principal,
                partial=form.cleaned_data["partial"],
            )
        except imports.ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if result.partial and result.rejected:
                packed = base64.b64encode(zlib.compress(result.rejects_csv())).decode("ascii")
                request.session[REJECTS_SESSION_KEY] = {"data": crypto.encrypt(packed), "rows": len(result.rejected)}
    return render(
        request,
        "registry/import.html",
        {
            "form": form,
            "result": result,
            "columns": imports.COLUMNS,
        },
    )


@login_required
@door(rules.IMPORT)
def import_sample(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry_import_sample.csv"'
    return response


@login_required
@door(rules.IMPORT)
def import_rejects(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(REJECTS_SESSION_KEY)
    if not stored:
        messages.error(request, "내려받을 오류 행 파일이 없습니다. 파일을 다시 가져오세요.")
        return redirect("registry:import")
    data = zlib.decompress(base64.b64decode(crypto.decrypt(stored["data"])))
    log.record(
        request,
        log.Action.EXPORT,
        object_type="registry_import",
        detail=f"주민등록 자료 가져오기에서 제외된 {stored['rows']}행 내려받기",
    )
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    filename = f"registry_import_rejects_{dt.date.today():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
