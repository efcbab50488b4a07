"""What a person does in the browser, shared by the browser tests: log in and out, tick a KRDS box,
open a folded form, and keep screenshots while working on the pages."""

import os
import re

from tests.world import PASSWORD

# While working on the pages: CHATDONG_SHOTS=/some/folder keeps a full-page screenshot of each `shot`.
SHOTS = os.environ.get("CHATDONG_SHOTS")


def log_in(page, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url("**/")


def log_out(page) -> None:  # type: ignore[no-untyped-def]
    """The 로그아웃 button in the header; the login page comes back."""
    page.get_by_role("button", name="로그아웃").click()
    page.wait_for_url("**/accounts/login/")


def tick(tab, text, *, within=None) -> None:  # type: ignore[no-untyped-def]
    """KRDS draws the box on the label and hides the input: a user clicks the label."""
    pattern = re.compile(f"^{re.escape(text)}$") if isinstance(text, str) else text
    (within or tab).locator("label").filter(has_text=pattern).first.click()


def unfold(tab, summary: str, *, within=None):  # type: ignore[no-untyped-def]
    """Open a folded form (`<details>` with its `<summary>`) and return it, to fill within it."""
    title = tab.locator("summary", has_text=re.compile(f"^{re.escape(summary)}$"))
    details = (within or tab).locator("details").filter(has=title)
    details.locator("summary").first.click()
    return details.first


def shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        tab.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
