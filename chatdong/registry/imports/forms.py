"""The upload form of the resident-registry CSV import."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from chatdong.core.forms import CheckedForm

ALLOWED_SUFFIXES = (".csv", ".txt")
# The upload page's limit (about 140,000 rows); larger files go through the management command.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(CheckedForm):
    file = forms.FileField(
        label="CSV 파일",
        help_text=f"UTF-8 또는 CP949(EUC-KR)로 저장한 CSV, {MAX_UPLOAD_BYTES // (1024 * 1024)}MB 이하",
        error_messages={
            "required": "가져올 CSV 파일을 선택하세요.",
            "empty": "빈 파일입니다. 머리글과 자료가 있는 CSV 파일을 올리세요.",
            "invalid": "파일을 받지 못했습니다. 다시 선택해 올리세요.",
            "missing": "파일을 받지 못했습니다. 다시 선택해 올리세요.",
        },
    )
    partial = forms.BooleanField(
        label="오류가 없는 세대만 가져오기",
        help_text="선택하지 않으면 오류가 하나라도 있을 때 아무것도 가져오지 않습니다. "
        "선택하면 오류가 있는 세대의 행은 가져오지 않고 파일로 돌려받습니다.",
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                "CSV 파일(.csv)만 올릴 수 있습니다. 엑셀에서 'CSV UTF-8(쉼표로 분리)'로 저장해 올리세요."
            )
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"파일이 너무 큽니다({upload.size / (1024 * 1024):.1f}MB). "
                f"{MAX_UPLOAD_BYTES // (1024 * 1024)}MB 이하로 나누어 올리세요."
            )
        return upload
